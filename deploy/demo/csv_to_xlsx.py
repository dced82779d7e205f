#!/usr/bin/python3
"""Writes a CSV (UTF-8, BOM allowed) as the workbook a county's student
information system exports: a cover sheet first, then the data sheet with a
merged title row above the header, every cell as text (so ID numbers keep
their digits). For the demo's county files only.

    csv_to_xlsx.py IN.csv OUT.xlsx SHEET TITLE
"""
import csv
import sys

import xlsxwriter


def main(source, target, sheet_name, title):
    with open(source, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    workbook = xlsxwriter.Workbook(target)
    cover = workbook.add_worksheet("说明")
    cover.write(0, 0, title)
    cover.write(1, 0, "本文件由保学示范县演示数据生成，所有姓名与证件号均为虚构。")
    sheet = workbook.add_worksheet(sheet_name)
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True, "align": "center"})
    sheet.merge_range(0, 0, 0, max(len(rows[0]) - 1, 0), title, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value, text)
    workbook.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
