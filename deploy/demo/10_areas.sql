-- Stage 1: the county, 15 townships, 5-12 villages each, 3-8 villager groups
-- per village. Division codes: 360799 + township (1xx 镇, 2xx 乡) + village (2xx).

CREATE TEMP TABLE gen_township ON COMMIT DROP AS
SELECT t, 1 + t AS area_id, name,
       ('360799' || CASE WHEN name LIKE '%镇' THEN 100 + t ELSE 200 + t END || '000')::char(12) AS code
  FROM unnest(string_to_array(
         '城关镇,石门乡,龙潭镇,白沙乡,青山镇,桃源乡,黄岭乡,马鞍山镇,清水乡,云岭乡,高桥镇,杉木乡,竹坪乡,梅岭镇,双溪乡',
         ',')) WITH ORDINALITY AS x(name, t);

-- Villages: distance to the township seat (km, skewed: most are near), a
-- mountain flag (more likely far out) and the share of ethnic-minority
-- households (a few minority villages).
CREATE TEMP TABLE gen_village ON COMMIT DROP AS
WITH v AS (
  SELECT t.t, t.code AS township_code, k AS village_no
    FROM gen_township t
   CROSS JOIN LATERAL generate_series(1, 5 + floor(pg_temp.u(101, t.t) * 8)::int) AS k
)
SELECT row_number() OVER (ORDER BY t, village_no) AS v, t, village_no,
       (left(township_code, 9) || (200 + village_no))::char(12) AS code,
       pg_temp.pick('东,西,南,北,上,下,大,小,新,老,石,竹,杨,黄,龙,凤,马,牛,梅,桃,柳,枫,茶,金,高,长,河,松',
                    pg_temp.u(102, t * 100 + village_no))
       || pg_temp.pick('坪,坑,源,塘,岭,湾,口,田,坝,冲,溪,山,桥,岗,垄,背,洲,峰,湖,寨',
                       pg_temp.u(103, t * 100 + village_no))
       || '村' AS name,
       round((0.8 + 24 * power(pg_temp.u(104, t * 100 + village_no), 1.6))::numeric, 1) AS seat_km
  FROM v;
ALTER TABLE gen_village ADD COLUMN mountain boolean, ADD COLUMN minority_share double precision,
                        ADD COLUMN area_id bigint;
UPDATE gen_village
   SET mountain = pg_temp.u(105, v) < 0.15 + 0.025 * seat_km,
       minority_share = CASE WHEN pg_temp.u(106, v) < 0.12 THEN 0.55 ELSE 0.04 END,
       area_id = 100 + v;

CREATE TEMP TABLE gen_group ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY v.v, k) AS g, v.v, k AS group_no,
       10000 + row_number() OVER (ORDER BY v.v, k) AS area_id
  FROM gen_village v
 CROSS JOIN LATERAL generate_series(1, 3 + floor(pg_temp.u(107, v.v) * 6)::int) AS k;

INSERT INTO baoxue.areas (area_id, level, division_code, group_no, parent_id, name)
VALUES (1, 'county', '360799000000', NULL, NULL, '保学示范县');
INSERT INTO baoxue.areas (area_id, level, division_code, group_no, parent_id, name)
SELECT area_id, 'township', code, NULL, 1, name FROM gen_township ORDER BY t;
INSERT INTO baoxue.areas (area_id, level, division_code, group_no, parent_id, name)
SELECT v.area_id, 'village', v.code, NULL, t.area_id, v.name
  FROM gen_village v JOIN gen_township t USING (t) ORDER BY v.v;
INSERT INTO baoxue.areas (area_id, level, division_code, group_no, parent_id, name)
SELECT g.area_id, 'group', v.code, g.group_no, v.area_id,
       v.name || (string_to_array('一,二,三,四,五,六,七,八,九,十', ','))[g.group_no] || '组'
  FROM gen_group g JOIN gen_village v USING (v) ORDER BY g.g;

SELECT pg_temp.progress(format('areas: %s townships, %s villages, %s villager groups',
  (SELECT count(*) FROM gen_township), (SELECT count(*) FROM gen_village),
  (SELECT count(*) FROM gen_group)));
