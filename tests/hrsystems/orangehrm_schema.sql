-- The subset of the OrangeHRM 5.x schema that profiles/orangehrm reads: the real table and
-- column names and types. Sources (github.com/orangehrm/orangehrm, commit 194a751e2397):
--   installer/Migration/V3_3_3/dbscript-1.sql   CREATE TABLE of every table below (the base
--                                                schema every 5.x install is migrated from)
--   installer/Migration/V4_2/Migration.php       hs_hr_employee.purged_at (DATETIME, nullable)
--   installer/Migration/V5_1_0/Migration.php     ohrm_kpi.job_title_code INT(13) NOT NULL
--   src/plugins/orangehrmAdminPlugin/entity/Subunit.php, orangehrmPimPlugin/entity/Employee.php,
--   orangehrmPerformancePlugin/entity/{PerformanceReview,Reviewer,ReviewerGroup,
--   ReviewerRating,Kpi}.php                      the Doctrine mappings and status constants
-- Character set utf8 (utf8mb3) as the installer creates these tables (only newer tables such
-- as ohrm_buzz_* are utf8mb4). Columns the profile does not read are left out of
-- hs_hr_employee (it has ~45); the other tables are complete. Foreign keys are left out so
-- that the fixture can plant broken rows.
DROP TABLE IF EXISTS ohrm_reviewer_rating, ohrm_reviewer, ohrm_reviewer_group,
  ohrm_performance_review, ohrm_kpi, hs_hr_employee, ohrm_subunit;

CREATE TABLE `ohrm_subunit` (
  `id` int(6) NOT NULL AUTO_INCREMENT,
  `name` varchar(100) NOT NULL UNIQUE,
  `unit_id` varchar(100) DEFAULT NULL,
  `description` varchar(400),
  `lft` smallint(6) unsigned DEFAULT NULL,
  `rgt` smallint(6) unsigned DEFAULT NULL,
  `level` smallint(6) unsigned DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `hs_hr_employee` (
  `emp_number` int(7) NOT NULL DEFAULT 0,
  `employee_id` varchar(50) DEFAULT NULL,
  `emp_lastname` varchar(100) DEFAULT '' NOT NULL,
  `emp_firstname` varchar(100) DEFAULT '' NOT NULL,
  `emp_middle_name` varchar(100) DEFAULT '' NOT NULL,
  `job_title_code` int(7) DEFAULT NULL,
  `work_station` int(6) DEFAULT NULL,
  `joined_date` date NULL DEFAULT NULL,
  `termination_id` int(4) DEFAULT NULL,
  `purged_at` datetime DEFAULT NULL,
  PRIMARY KEY (`emp_number`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `ohrm_kpi` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `job_title_code` int(13) NOT NULL,
  `kpi_indicators` varchar(255) DEFAULT NULL,
  `min_rating` int(7) DEFAULT 0,
  `max_rating` int(7) DEFAULT 0,
  `default_kpi` smallint(1) DEFAULT NULL,
  `deleted_at` datetime DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `ohrm_performance_review` (
  `id` int(7) NOT NULL AUTO_INCREMENT,
  `status_id` int(7) DEFAULT NULL,
  `employee_number` int(7) DEFAULT NULL,
  `work_period_start` date DEFAULT NULL,
  `work_period_end` date DEFAULT NULL,
  `job_title_code` int(7) DEFAULT NULL,
  `department_id` int(7) DEFAULT NULL,
  `due_date` date DEFAULT NULL,
  `completed_date` date DEFAULT NULL,
  `activated_date` datetime DEFAULT NULL,
  `final_comment` text CHARACTER SET utf8 COLLATE utf8_bin,
  `final_rate` decimal(18,2) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `employee_number` (`employee_number`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `ohrm_reviewer_group` (
  `id` int(7) NOT NULL AUTO_INCREMENT,
  `name` varchar(50) DEFAULT NULL,
  `piority` int(7) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `ohrm_reviewer` (
  `id` int(7) NOT NULL AUTO_INCREMENT,
  `review_id` int(7) DEFAULT NULL,
  `employee_number` int(7) DEFAULT NULL,
  `status` int(7) DEFAULT NULL,
  `reviewer_group_id` int(7) DEFAULT NULL,
  `completed_date` datetime DEFAULT NULL,
  `comment` text CHARACTER SET utf8 COLLATE utf8_bin,
  PRIMARY KEY (`id`),
  KEY `review_id` (`review_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `ohrm_reviewer_rating` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `rating` decimal(18,2) DEFAULT NULL,
  `kpi_id` int(7) DEFAULT NULL,
  `review_id` int(7) DEFAULT NULL,
  `reviewer_id` int(7) NOT NULL,
  `comment` text CHARACTER SET utf8 COLLATE utf8_bin,
  PRIMARY KEY (`id`),
  KEY `review_id` (`review_id`),
  KEY `reviewer_id` (`reviewer_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;
