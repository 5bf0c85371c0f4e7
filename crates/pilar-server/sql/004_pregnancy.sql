-- The pregnancy a member's ibu_hamil needs (issue 14 section 5), as on the laptop
-- (pilar-store's MIGRATION_PREGNANCY): its order (1 for the first; the component covers
-- the first and second only) and its expected (HPL) or actual birth date (the component
-- ends 42 days after it). Both NULL for older records.
ALTER TABLE members ADD COLUMN pregnancy_order smallint
    CHECK (pregnancy_order BETWEEN 1 AND 20);
ALTER TABLE members ADD COLUMN pregnancy_birth date;
