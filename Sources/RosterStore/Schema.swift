import GRDB

/// The HR schema (issue 7), added after the shipped "v1-people" and "v1-rosters" migrations.
/// Shipped migrations are never edited: change the schema with a new one.
enum HRSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-hr") { db in
            // People: contract, protected status (labour-law protections such as pregnancy).
            try db.alter(table: "people") { t in
                t.add(column: "contract", .text).notNull().defaults(to: "")
                t.add(column: "protected_status", .text).notNull().defaults(to: "")
            }
            try db.create(table: "leave") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("person_id", .text).notNull().indexed().references("people", column: "person_id")
                t.column("kind", .text).notNull()
                t.column("first_day", .text).notNull()
                t.column("last_day", .text).notNull()
            }
            try db.create(table: "training_courses") { t in
                t.column("course_id", .text).primaryKey()
                t.column("name", .text).notNull()
                t.column("stage", .text).notNull()        // pre_job | on_job
                t.column("topic", .text).notNull()        // process | policy | communication | confidentiality
                t.column("hours", .double).notNull()
            }
            try db.create(table: "training_records") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("person_id", .text).notNull().indexed().references("people", column: "person_id")
                t.column("course_id", .text).notNull().references("training_courses", column: "course_id")
                t.column("date", .text).notNull()
                t.column("hours", .double).notNull()
                t.column("passed", .boolean).notNull()
                t.uniqueKey(["person_id", "course_id", "date"])
            }
            try db.create(table: "training_sessions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("course_id", .text).notNull().references("training_courses", column: "course_id")
                t.column("start_seconds", .integer).notNull()
                t.column("end_seconds", .integer).notNull()
                t.column("start", .text).notNull()
                t.column("end", .text).notNull()
                t.column("required_agents", .integer).notNull()
            }
            // Attendance: kind 0 clock_in, 1 clock_out, 2 login, 3 logout; at = local seconds.
            try db.create(table: "attendance_imports") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("file", .text).notNull()
                t.column("imported_at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("rows", .integer).notNull()
                t.column("inserted", .integer).notNull()
            }
            try db.create(table: "attendance_events", options: [.withoutRowID]) { t in
                t.column("person_id", .text).notNull()
                t.column("kind", .integer).notNull()
                t.column("at", .integer).notNull()
                t.column("import_id", .integer).notNull()
                t.primaryKey(["person_id", "at", "kind"])
            }
            try db.create(table: "incidents") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("person_id", .text).notNull().indexed().references("people", column: "person_id")
                t.column("date", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("verified", .boolean).notNull()
                t.column("liable", .boolean).notNull()
                t.column("serious", .boolean).notNull()
                /// May hold citizen details: stored, never printed.
                t.column("note", .text).notNull()
                t.uniqueKey(["person_id", "date", "kind", "note"])
            }
            try db.create(table: "replacements") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("person_id", .text).notNull().indexed().references("people", column: "person_id")
                t.column("trigger", .text).notNull()
                t.column("trigger_id", .text).notNull()
                t.column("opened_on", .text).notNull()
                t.column("closed_on", .text).notNull()
                t.column("effective_on", .text).notNull()
                t.column("successor_id", .text).references("people", column: "person_id")
                t.column("decision", .text).notNull()     // replaced | waived
                t.column("reason", .text).notNull().defaults(to: "")
                t.uniqueKey(["person_id", "trigger_id"])
            }
            try db.create(table: "separations") { t in
                t.column("person_id", .text).primaryKey().references("people", column: "person_id")
                t.column("date", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("counts_for_turnover", .boolean).notNull()
            }
            try db.create(table: "monthly_figures") { t in
                t.column("month", .text).primaryKey()
                t.column("ticket_error_rate", .double)
                t.column("efficiency_index", .double)
                t.column("inbound", .integer)
                t.column("answered_by_agents", .integer)
                t.column("answered_self_service", .integer)
                t.column("predicted_answer_rate", .double)
            }
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("entity", .text).notNull()
                t.column("entity_id", .text).notNull()
                t.column("detail", .text).notNull()
            }
            try db.execute(sql: """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
            // Published rosters, versioned: a week is never edited in place; a repair is a new version.
            try db.create(table: "roster_versions") { t in
                t.column("week_start", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("published_at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("shift_count", .integer).notNull()
                t.primaryKey(["week_start", "version"])
            }
            try db.create(table: "roster_version_shifts") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("week_start", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("person_id", .text).notNull()
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("date", .text).notNull()
                t.column("start_seconds", .integer).notNull()
                t.column("end_seconds", .integer).notNull()
                t.column("start", .text).notNull()
                t.column("end", .text).notNull()
                t.column("shift", .text).notNull()
                t.foreignKey(["week_start", "version"], references: "roster_versions", columns: ["week_start", "version"])
            }
            try db.execute(sql: """
                CREATE INDEX roster_version_shifts_week ON roster_version_shifts(week_start, version);
                CREATE INDEX roster_version_shifts_date ON roster_version_shifts(date);
                INSERT INTO roster_versions(week_start, version, published_at, actor, reason, shift_count)
                    SELECT week_start, 1, '', 'migration v2-hr', 'published before versioning', shift_count FROM rosters;
                INSERT INTO roster_version_shifts(week_start, version, person_id, name, role, date, start_seconds, end_seconds, start, end, shift)
                    SELECT week_start, 1, person_id, name, role, date, start_seconds, end_seconds, start, end, shift FROM roster_shifts;
                DROP TABLE roster_shifts;
                DROP TABLE rosters;
                CREATE TRIGGER roster_versions_no_update BEFORE UPDATE ON roster_versions
                BEGIN SELECT RAISE(ABORT, 'a published roster is never edited: publish a new version'); END;
                CREATE TRIGGER roster_versions_no_delete BEFORE DELETE ON roster_versions
                BEGIN SELECT RAISE(ABORT, 'a published roster is never deleted: publish a new version'); END;
                CREATE TRIGGER roster_version_shifts_no_update BEFORE UPDATE ON roster_version_shifts
                BEGIN SELECT RAISE(ABORT, 'a published roster is never edited: publish a new version'); END;
                CREATE TRIGGER roster_version_shifts_no_delete BEFORE DELETE ON roster_version_shifts
                BEGIN SELECT RAISE(ABORT, 'a published roster is never edited: publish a new version'); END;
                """)
        }
    }
}
