#!/usr/bin/env bash
# Writes the demo county as the files a county's registries export, for the
# demo's `baoxue import` (docs/imports.md):
#   学校.csv        schools, GBK (as Excel on Chinese Windows saves CSV)
#   学籍.csv        the student roster, UTF-8 with BOM, resident IDs made by
#                   the GB 11643 rule, plus a few bad rows of each kind
#   学籍.xlsx       the same roster as the student information system's
#                   workbook: a cover sheet, then sheet 学籍 with a title row
#   户籍.csv        public security's roster of school-age children, GBK: every
#                   student, a few children with no 学籍 at all, and a bad row
#   行政区划.csv    the county's areas (county, townships, villages, groups)
#   家庭.csv        households and poverty status, one row per member (the
#                   students; their import moves them into these households)
#   校历.csv        the county's school days
#   考勤.csv        daily absences with their kind, GBK, and one bad row
#   上学路程.csv    distance and time to school, and one bad row
#   六长名册.csv    the six heads: head teachers, principals, parents,
#                   group, village and township heads
#   学籍异动.csv    enrolment events (dropout, return, transfer, moving away)
#
# With these a new county goes from an empty database to scored students
# (docs/imports.md, "From an empty database"; tests/e2e/county_files_e2e_test).
#
#   deploy/demo/county_files.sh DATABASE_URL OUT_DIR
#
# Everything is invented: names, numbers and IDs come from the generated county.
set -euo pipefail
url=$1
out=$2
mkdir -p "$out"
psql_q() { psql "$url" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# A resident ID from a birth date and a sequence number: region 360799, the
# date, three digits, and the ISO 7064 MOD 11-2 check character.
id_function="
CREATE FUNCTION pg_temp.resident_id(birth date, seq int) RETURNS text
LANGUAGE sql IMMUTABLE AS \$\$
  SELECT f || substr('10X98765432', (SELECT sum(substr(f, i, 1)::int *
      (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[i])
    FROM generate_series(1, 17) i)::int % 11 + 1, 1)
  FROM (SELECT '360799' || to_char(birth, 'YYYYMMDD') || lpad(seq::text, 3, '0') AS f) x
\$\$;
CREATE TEMP VIEW roster AS
SELECT s.student_number, s.name, CASE s.gender WHEN 'M' THEN '男' ELSE '女' END AS sex,
       s.birth_date,
       -- the 17th digit is odd for a boy, even for a girl
       pg_temp.resident_id(s.birth_date,
         2 * (row_number() OVER (PARTITION BY s.birth_date ORDER BY s.student_id))::int
           + CASE s.gender WHEN 'M' THEN 1 ELSE 0 END) AS id,
       sc.school_code, s.grade, v.division_code AS village,
       CASE WHEN h.parents_working_away THEN '双亲留守' ELSE '非留守' END AS left_behind,
       CASE WHEN s.boarding THEN '住校' ELSE '走读' END AS attendance,
       CASE WHEN s.disability THEN '是' ELSE '否' END AS disability,
       CASE WHEN s.learning_difficulty THEN '是' ELSE '否' END AS learning_difficulty,
       CASE WHEN s.repeated_grade THEN '是' ELSE '否' END AS repeated_grade
  FROM baoxue.students s
  JOIN baoxue.schools sc USING (school_id)
  JOIN baoxue.households h USING (household_id)
  JOIN baoxue.areas g ON g.area_id = h.group_area_id
  JOIN baoxue.areas v ON v.area_id = g.parent_id;
"

psql_q -c "\\copy (SELECT school_code AS 学校标识码, name AS 学校名称,
    CASE kind WHEN 'teaching_point' THEN '教学点' WHEN 'primary' THEN '小学'
      WHEN 'junior' THEN '初中' ELSE '九年一贯制' END AS 办学类型,
    (SELECT division_code FROM baoxue.areas a WHERE a.area_id = s.area_id) AS 所在地区划代码,
    CASE WHEN boarding THEN '是' ELSE '否' END AS 是否寄宿制学校
  FROM baoxue.schools s ORDER BY school_id) TO '$out/学校.csv' WITH (FORMAT csv, HEADER, ENCODING 'GBK')"

printf '\xEF\xBB\xBF' >"$out/学籍.csv"
psql_q <<SQL >>"$out/学籍.csv"
$id_function
\\copy (SELECT student_number AS 全国学籍号, name AS 姓名, sex AS 性别, birth_date AS 出生日期, '汉族' AS 民族, '居民身份证' AS 身份证件类型, id AS 身份证件号, school_code AS 学校标识码, grade || '年级' AS 年级, '1班' AS 班级, village AS 户籍地区划代码, left_behind AS 是否留守儿童, attendance AS 就读方式, disability AS 是否随班就读, learning_difficulty AS 是否学困生, repeated_grade AS 是否留级 FROM roster ORDER BY student_number) TO STDOUT WITH (FORMAT csv, HEADER)
SQL
# Bad rows, one of each kind a county's roster really has.
good_school=$(psql_q -c "SELECT school_code FROM baoxue.schools ORDER BY school_id LIMIT 1")
village=$(psql_q -c "SELECT division_code FROM baoxue.areas WHERE level = 'village' ORDER BY area_id LIMIT 1")
cat >>"$out/学籍.csv" <<CSV
GDEMO0001,错号生,男,2015-03-01,汉族,居民身份证,$(psql_q -c "$id_function SELECT overlay(id placing CASE WHEN right(id, 1) = '0' THEN '1' ELSE '0' END from 18) FROM (SELECT pg_temp.resident_id('2015-03-01', 992) AS id) x" | tail -1),$good_school,3,1班,$village,非留守,走读,否,否,否
GDEMO0002,无校生,女,2015-03-02,汉族,居民身份证,$(psql_q -c "$id_function SELECT pg_temp.resident_id('2015-03-02', 990)" | tail -1),3607999999,3,1班,$village,非留守,走读,否,否,否
GDEMO0003,丢号生,男,2015-03-03,汉族,居民身份证,3.60799E+17,$good_school,3,1班,$village,非留守,走读,否,否,否
GDEMO0004,异日生,女,2015-03-05,汉族,居民身份证,$(psql_q -c "$id_function SELECT pg_temp.resident_id('2015-03-04', 991)" | tail -1),$good_school,3,1班,$village,非留守,走读,否,否,否
CSV

# Debian's python3, which has python3-xlsxwriter (not a pyenv one on PATH).
/usr/bin/python3 "$(dirname "$0")/csv_to_xlsx.py" "$out/学籍.csv" "$out/学籍.xlsx" 学籍 \
  "保学示范县 在校学生学籍信息"

psql_q <<SQL
$id_function
CREATE TEMP TABLE hukou AS
SELECT id AS 公民身份号码, name AS 姓名, sex AS 性别, birth_date AS 出生日期, village AS 户籍地区划代码
  FROM roster
UNION ALL
-- School-age children registered here with no 学籍 anywhere in the county.
SELECT pg_temp.resident_id(('2014-01-01'::date + 37 * n), 994 + n % 2), '未入学' || n,
       CASE WHEN n % 2 = 1 THEN '男' ELSE '女' END, '2014-01-01'::date + 37 * n, '$village'
  FROM generate_series(1, 6) n;
\\copy (SELECT * FROM hukou ORDER BY 5, 1) TO '$out/户籍.csv' WITH (FORMAT csv, HEADER, ENCODING 'GBK')
SQL
printf '360799200000000000,坏号码,男,2000-00-00,%s\r\n' "$village" | iconv -f UTF-8 -t GBK >>"$out/户籍.csv"
# The rest of the county: what an empty database needs besides the rosters.
psql_q <<SQL
$id_function
\\copy (SELECT a.division_code AS 行政区划代码, a.name AS 名称, a.group_no AS 村民小组 FROM baoxue.areas a ORDER BY CASE a.level WHEN 'county' THEN 0 WHEN 'township' THEN 1 WHEN 'village' THEN 2 ELSE 3 END, a.area_id) TO '$out/行政区划.csv' WITH (FORMAT csv, HEADER)
\\copy (SELECT 'H' || lpad(h.household_id::text, 8, '0') AS 户编号, v.division_code AS 村区划代码, g.group_no AS 村民小组, r.id AS 成员身份证号, '子女' AS 与户主关系, coalesce(nullif(concat_ws('、', CASE WHEN h.registered_poor THEN '脱贫户' END, CASE WHEN h.poverty_monitoring THEN '防返贫监测户' END, CASE WHEN h.subsistence_allowance THEN '低保户' END, CASE WHEN h.extreme_poverty THEN '特困供养' END), ''), '一般户') AS 户类型, h.per_capita_income AS 人均纯收入, h.poverty_line AS 监测线, CASE WHEN h.relocated THEN '是' ELSE '否' END AS 是否易地扶贫搬迁 FROM roster r JOIN baoxue.students s USING (student_number) JOIN baoxue.households h USING (household_id) JOIN baoxue.areas g ON g.area_id = h.group_area_id JOIN baoxue.areas v ON v.area_id = g.parent_id ORDER BY 1) TO '$out/家庭.csv' WITH (FORMAT csv, HEADER)
\\copy (SELECT day AS 日期 FROM baoxue.school_days ORDER BY day) TO '$out/校历.csv' WITH (FORMAT csv, HEADER)
\\copy (SELECT s.student_number AS 学籍号, a.day AS 缺勤日期, CASE a.kind WHEN 'excused' THEN '病假' ELSE '旷课' END AS 缺勤类型 FROM baoxue.absences a JOIN baoxue.students s USING (student_id) ORDER BY 1, 2) TO '$out/考勤.csv' WITH (FORMAT csv, HEADER, ENCODING 'GBK')
\\copy (SELECT s.student_number AS 学籍号, r.distance_km AS "上学距离(公里)", r.travel_minutes AS "单程时间(分钟)", CASE WHEN r.mountain_route THEN '是' ELSE '否' END AS 是否山路 FROM baoxue.student_routes r JOIN baoxue.students s USING (student_id) ORDER BY 1) TO '$out/上学路程.csv' WITH (FORMAT csv, HEADER)
\\copy (SELECT CASE p.role WHEN 'TEACHER' THEN '班主任' WHEN 'PRINCIPAL' THEN '校长' WHEN 'PARENT' THEN '家长' WHEN 'GROUP_HEAD' THEN '组长' WHEN 'VILLAGE_HEAD' THEN '村长' ELSE '镇长' END AS 角色, p.name AS 姓名, p.phone AS 联系电话, sc.school_code AS 学校标识码, p.grade AS 年级, 'H' || lpad(p.household_id::text, 8, '0') AS 户编号, a.division_code AS 区划代码, a.group_no AS 村民小组 FROM baoxue.responsible_people p LEFT JOIN baoxue.schools sc USING (school_id) LEFT JOIN baoxue.areas a ON a.area_id = p.area_id ORDER BY p.person_id) TO '$out/六长名册.csv' WITH (FORMAT csv, HEADER)
\\copy (SELECT s.student_number AS 学籍号, e.event_date AS 异动日期, CASE e.kind WHEN 'dropout' THEN '辍学' WHEN 'return' THEN '复学' WHEN 'transfer_out' THEN '转出' ELSE '迁出' END AS 异动类型, e.note AS 备注 FROM baoxue.enrolment_events e JOIN baoxue.students s USING (student_id) ORDER BY e.event_id) TO '$out/学籍异动.csv' WITH (FORMAT csv, HEADER)
SQL
# One bad row each: a student nobody registered, a distance past the limit.
first_day=$(psql_q -c "SELECT min(day) FROM baoxue.school_days")
printf 'GNOSUCH0001,%s,旷课\r\n' "$first_day" | iconv -f UTF-8 -t GBK >>"$out/考勤.csv"
first_student=$(psql_q -c "SELECT min(student_number) FROM baoxue.students")
printf '%s,999,30,否\n' "$first_student" >>"$out/上学路程.csv"
echo "county_files: wrote $(ls "$out" | tr '\n' ' ')to $out"
