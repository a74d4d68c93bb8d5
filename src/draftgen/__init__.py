"""draftgen: soạn dự thảo văn bản báo cáo tiếng Việt (.docx) từ số liệu chỉ tiêu."""

__version__ = "0.1.0"
