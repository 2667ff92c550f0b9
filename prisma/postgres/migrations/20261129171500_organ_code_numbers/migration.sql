-- Document numbers follow the national formats: （机关代字）应急类型代字〔年〕N号 (issue 14).
-- 机关代字 is the organ's code alone ("伊县"), the pattern adds （）and 应急: a code that
-- still ends in 应急 (the earlier pattern wrote it in) loses that ending.
UPDATE "Department" SET "docPrefix" = left("docPrefix", char_length("docPrefix") - 2)
WHERE "docPrefix" LIKE '%应急' AND char_length("docPrefix") > 2;
