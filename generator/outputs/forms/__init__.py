"""The Excel report form (contract §12), for clerks who do not use git.

In the order of its life: `layout` (where everything is in the workbook) and `style` (how it looks,
what Excel checks while a clerk types); `writing` (a draft report becomes a workbook: `tiendo form`)
and `on_site` (each agency's next form, offered on the site); then `cells` (what a clerk typed, read as
a value), `reading` (a filled workbook read back) and `importing` (it becomes a report file:
`tiendo import`).
"""
