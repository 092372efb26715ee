"""Printed documents (打印文书): PDF builders after GB/T 9704-2012, with reportlab.

Qt-free. Each document is one builder that takes plain data and returns a platypus story;
`layout` carries the page template (margins, page numbers "— 1 —", verification code) and
`fonts` registers the faces once. Importing this package costs nothing: reportlab loads
when a builder module (`layout`, `fonts`, `notice_pdf`, `report_form_pdf`, `ballot_pdf`,
`quarter_results_pdf`) is imported, which the application does only when it prints.
`dates`, `verification` and `quarter_terms` are pure Python.
"""
