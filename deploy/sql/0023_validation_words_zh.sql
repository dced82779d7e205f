-- 0023_validation_words_zh: a candidate's validation method and warnings in
-- Chinese beside the English ones, so that a reader in Chinese mode sees no
-- English (issue 17, "one language at a time"). Models trained earlier keep
-- NULL here; readers fall back to their own wording of the method.
ALTER TABLE baoxue.models
  ADD COLUMN validation_method_zh text,
  ADD COLUMN validation_warnings_zh text[] NOT NULL DEFAULT '{}';
