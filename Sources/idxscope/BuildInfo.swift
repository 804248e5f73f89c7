import CBuildInfo
import IdxScopePostgres
import IdxScopeSQLite

/// What `--version` names: idxscope's version and commit, and the SQLite and libpq libraries it
/// runs with (read from the libraries at run time, not from the headers it was built against).
enum BuildInfo {
    static let version = "0.1.0"

    static var commit: String? {
        let text = String(cString: idxscope_build_commit())
        return text.isEmpty ? nil : text
    }

    static var versionText: String {
        "idxscope \(version) (commit \(commit ?? "unknown: built without make"))\n"
            + "SQLite \(SQLiteInspector.libraryVersion), libpq \(PostgresInspector.libraryVersion)"
    }
}
