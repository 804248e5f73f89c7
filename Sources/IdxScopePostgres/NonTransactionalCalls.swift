import IdxScopeCore

/// Functions whose effects a ROLLBACK does not undo, so `explain --analyze` never runs a
/// statement that calls them (pure; the caller gathers the names from the user's text and from
/// the server's VERBOSE plan, which also shows what views and defaults call).
enum NonTransactionalCalls {
    /// Built-in functions (PostgreSQL 15) and extension functions whose effect outlives the
    /// transaction: sequence moves, statistics resets, session advisory locks, server signals,
    /// replication slots and origins, files written on the server, remote work.
    static let exactNames: Set<String> = [
        "setval", "nextval",
        "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_switch_wal",
        "pg_create_restore_point", "pg_promote", "pg_wal_replay_pause", "pg_wal_replay_resume",
        "pg_log_backend_memory_contexts", "pg_logical_emit_message", "pg_drop_replication_slot",
        "pg_replication_slot_advance", "pg_logical_slot_get_changes", "pg_logical_slot_get_binary_changes",
        "pg_stat_statements_reset", "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_file_sync", "lo_export",
        "pg_import_system_collations",
    ]

    /// Families matched by prefix (every statistics reset, every session-level advisory lock call,
    /// every dblink call, slot creation and copy, replication origins).
    static let prefixes = ["pg_stat_reset", "pg_advisory", "pg_try_advisory", "dblink", "pg_create_physical_replication_slot",
                           "pg_create_logical_replication_slot", "pg_copy_", "pg_replication_origin"]

    /// Advisory locks taken for the transaction only are released by the rollback.
    static func isTransactionScoped(_ name: String) -> Bool { name.contains("_xact_") }

    /// The first name (sorted, for a stable message) that must not run, or nil. `nextval` is
    /// allowed only where an INSERT's column defaults call it, never when the user wrote it: the
    /// values it hands out are not given back, which the README states.
    static func refused(userCalls: Set<String>, planCalls: Set<String>, isInsert: Bool) -> String? {
        let all = userCalls.union(planCalls)
        return all.sorted().first { name in
            if name == "nextval" { return userCalls.contains(name) || !isInsert }
            if isTransactionScoped(name) { return false }
            return exactNames.contains(name) || prefixes.contains { name.hasPrefix($0) }
        }
    }

    static func refusal(_ name: String) -> IdxScopeError {
        IdxScopeError(.statement, "explain --analyze does not run statements that call \(name)(): its effect outside the "
                      + "transaction would survive the rollback (plain explain shows the plan without running it)")
    }

    /// Every name called in the strings of an EXPLAIN (VERBOSE) plan: outputs, conditions,
    /// function scans, InitPlans — however deep (the document is flat).
    static func planCalls(_ document: JSONDocument) -> Set<String> {
        var names: Set<String> = []
        for value in document.values {
            if case .string(let text) = value, text.contains("(") {
                names.formUnion(SQLStatementShape.of(text).calledNames)
            }
        }
        return names
    }
}
