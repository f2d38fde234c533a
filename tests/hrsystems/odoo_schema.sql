-- The subset of the Odoo 17/18 schema (PostgreSQL) that profiles/odoo reads: real table and
-- column names, with the column types the Odoo ORM creates (Many2one int4, Char varchar,
-- translatable Char jsonb since Odoo 16, Boolean bool, Datetime timestamp (UTC), Float float8,
-- Selection varchar). Sources:
--   github.com/odoo/odoo addons/hr/models/hr_department.py   (name translate=True since 17;
--       a plain varchar in 16, which the profile also handles), parent_id, parent_path, active
--   addons/hr/models/hr_employee.py        name, active, department_id, user_id,
--       work_contact_id (16+), work_email
--   addons/survey/models/survey_survey.py, survey_question.py, survey_question_answer.py,
--       survey_user_input.py, survey_user_input_line.py
--   github.com/OCA/helpdesk (branch 16.0, commit 41e07ff752c9) helpdesk_mgmt/models/
--       helpdesk_ticket.py, helpdesk_ticket_stage.py, helpdesk_ticket_team.py,
--       helpdesk_ticket_category.py
-- ORM columns not read by the profile (create_uid, write_uid, write_date, …) are left out,
-- and so are foreign keys, so that the fixture can plant broken rows.
DROP TABLE IF EXISTS hr_department, hr_employee, survey_survey, survey_question,
  survey_question_answer, survey_user_input, survey_user_input_line, helpdesk_ticket_team,
  helpdesk_ticket_stage, helpdesk_ticket_category, helpdesk_ticket;

CREATE TABLE hr_department (
  id serial PRIMARY KEY,
  name jsonb NOT NULL,
  complete_name varchar,
  active boolean,
  company_id int4,
  parent_id int4,
  parent_path varchar,
  manager_id int4,
  create_date timestamp
);

CREATE TABLE hr_employee (
  id serial PRIMARY KEY,
  name varchar,
  active boolean,
  company_id int4,
  department_id int4,
  user_id int4,
  work_contact_id int4,
  work_email varchar,
  create_date timestamp
);

CREATE TABLE survey_survey (
  id serial PRIMARY KEY,
  title jsonb NOT NULL,
  active boolean,
  scoring_type varchar,
  create_date timestamp
);

CREATE TABLE survey_question (
  id serial PRIMARY KEY,
  survey_id int4,
  sequence int4,
  title jsonb NOT NULL,
  is_page boolean,
  question_type varchar,
  validation_required boolean,
  validation_min_float_value float8,
  validation_max_float_value float8
);

CREATE TABLE survey_question_answer (
  id serial PRIMARY KEY,
  question_id int4,
  matrix_question_id int4,
  sequence int4,
  value jsonb NOT NULL,
  is_correct boolean,
  answer_score float8
);

CREATE TABLE survey_user_input (
  id serial PRIMARY KEY,
  survey_id int4 NOT NULL,
  state varchar,
  partner_id int4,
  email varchar,
  test_entry boolean,
  create_date timestamp
);

CREATE TABLE survey_user_input_line (
  id serial PRIMARY KEY,
  user_input_id int4 NOT NULL,
  survey_id int4,
  question_id int4 NOT NULL,
  skipped boolean,
  answer_type varchar,
  value_char_box varchar,
  value_numerical_box float8,
  value_text_box text,
  suggested_answer_id int4,
  matrix_row_id int4,
  answer_score float8,
  answer_is_correct boolean,
  create_date timestamp
);

CREATE TABLE helpdesk_ticket_team (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  user_id int4,
  active boolean,
  company_id int4
);

CREATE TABLE helpdesk_ticket_stage (
  id serial PRIMARY KEY,
  name jsonb NOT NULL,
  sequence int4,
  active boolean,
  unattended boolean,
  closed boolean
);

CREATE TABLE helpdesk_ticket_category (
  id serial PRIMARY KEY,
  name jsonb NOT NULL,
  active boolean
);

CREATE TABLE helpdesk_ticket (
  id serial PRIMARY KEY,
  number varchar,
  name varchar NOT NULL,
  description text,
  user_id int4,
  stage_id int4,
  partner_id int4,
  partner_email varchar,
  last_stage_update timestamp,
  assigned_date timestamp,
  closed_date timestamp,
  category_id int4,
  team_id int4,
  priority varchar,
  active boolean,
  create_date timestamp
);
