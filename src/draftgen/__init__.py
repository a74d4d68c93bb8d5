"""draftgen: soạn dự thảo văn bản báo cáo tiếng Việt (.docx) từ số liệu chỉ tiêu."""

__version__ = "0.1.0"

# The project file (draftgen.toml): here, so that the command line names it without
# loading the configuration code.
CONFIG_NAME = "draftgen.toml"
