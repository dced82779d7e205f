#!/usr/bin/python3
"""Writes roster.xls, the legacy-Excel fixture of tests/imports/xls_read_test.cc.

Debian has no C library that writes BIFF, so the fixture is committed and this
script (Debian's python3-xlwt) records how it was made:
    /usr/bin/python3 make_roster_xls.py   # in this folder
The ID-like values are synthetic (region 000000), never a real person's.
"""
import datetime

import xlwt

book = xlwt.Workbook(encoding="utf-8")
cover = book.add_sheet("封面")
cover.write(0, 0, "2024年秋季学期学籍数据")
cover.write(1, 0, "填报单位：某县教育局")

sheet = book.add_sheet("学籍")
sheet.write_merge(0, 0, 0, 5, "某县2024年学生名单")
for col, name in enumerate(["★姓名", "性别", "出生\n日期", "身份证件号", "年级", "班级人数"]):
    sheet.write(1, col, name)
date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
sheet.write(2, 0, "张三")
sheet.write(2, 1, "男")
sheet.write(2, 2, datetime.date(2013, 9, 1), date)
sheet.write(2, 3, "00000020130901000X")
sheet.write(2, 4, 3)
sheet.write(2, 5, 42)
sheet.write(3, 0, " 李四 ")
sheet.write(3, 1, "女")
sheet.write(3, 2, datetime.date(2014, 2, 28), date)
sheet.write(3, 3, 360799199001011000)  # an ID typed as a number
sheet.write(3, 4, "二年级")
sheet.write(3, 5, 3.5)
book.save("roster.xls")
