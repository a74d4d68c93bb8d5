"""The OOXML layer: every edit of WordprocessingML XML happens in this package.

Higher layers call functions here; they never write XPath or touch XML text.
"""
