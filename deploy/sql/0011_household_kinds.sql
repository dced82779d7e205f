-- Households from the rural revitalisation system (docs/imports.md,
-- "households"): 特困供养 (extreme-poverty support) is a household type of
-- its own, beside 建档立卡, 低保 and 防返贫监测.
ALTER TABLE baoxue.households
  ADD COLUMN extreme_poverty boolean NOT NULL DEFAULT false;  -- 特困供养
