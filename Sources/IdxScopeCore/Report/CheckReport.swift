/// The `check` command: every statement of a workload planned, each full table scan reported.
public struct CheckResult: Equatable, Sendable {
    public var statement: SQLScript.Statement
    public var plan: QueryPlan?
    public var error: String?
    /// Full scans of tables the user allowed (`--allow-scan`), reported but not failing.
    public var allowedScans: [String]
    /// `--strict`: a whole index read (no condition) fails too; it grows with the table as a
    /// full scan does.
    public var strict: Bool
    /// Why the statement was not planned (BEGIN, CREATE, DO, SET…): listed, never failing.
    public var skipped: String?
    /// `--allow-scan` names match table names ignoring case (SQLite's identifiers do).
    public var namesIgnoreCase: Bool

    public init(statement: SQLScript.Statement, plan: QueryPlan?, error: String?, allowedScans: [String] = [], strict: Bool = false,
                skipped: String? = nil, namesIgnoreCase: Bool = false) {
        self.statement = statement
        self.plan = plan
        self.error = error
        self.allowedScans = allowedScans
        self.strict = strict
        self.skipped = skipped
        self.namesIgnoreCase = namesIgnoreCase
    }

    private func isAllowed(_ relation: String) -> Bool {
        namesIgnoreCase ? allowedScans.contains { $0.lowercased() == relation.lowercased() } : allowedScans.contains(relation)
    }

    /// Relations read whole (and, when strict, whole indexes by table), in plan order.
    var scannedRelations: [String] {
        (plan?.nodes ?? []).filter { $0.kind == .fullScan || (strict && $0.kind == .indexFullScan) }.compactMap(\.relation)
    }

    public var failingScans: [String] {
        scannedRelations.filter { !isAllowed($0) }
    }

    /// The allowed full scans this statement did.
    public var allowedScansDone: [String] { scannedRelations.filter(isAllowed) }

    public var passed: Bool { error == nil && failingScans.isEmpty }
}

public enum CheckReport {
    public static func exitCode(_ results: [CheckResult]) -> Int32 {
        results.allSatisfy(\.passed) ? 0 : 1
    }

    public static func json(_ results: [CheckResult], engine: Engine, file: String) -> JSONValue {
        .object([
            ("engine", .string(engine.rawValue)),
            ("file", .string(file)),
            ("statements", .int(Int64(results.count))),
            ("failed", .int(Int64(results.filter { !$0.passed }.count))),
            ("results", .array(results.map { result in
                .object([
                    ("line", .int(Int64(result.statement.line))),
                    ("query", .string(result.statement.text)),
                    ("ok", .bool(result.passed)),
                    ("full_scans", .strings(result.failingScans)),
                    ("allowed_scans", .strings(result.allowedScansDone)),
                    ("indexes_used", .strings(result.plan?.indexesUsed ?? [])),
                    ("error", .optional(result.error)),
                    ("skipped", .bool(result.skipped != nil)),
                    ("note", .optional(result.skipped)),
                ])
            })),
        ])
    }

    /// One line per statement (status, file:line, the query cut to `width`), and under it what
    /// the plan did: the full scans that fail it, the error, or the indexes it used.
    public static func text(_ results: [CheckResult], file: String, width: Int = 80) -> String {
        var out = ""
        let locationWidth = results.map { "\(file):\($0.statement.line)".count }.max() ?? 0
        let queryWidth = max(20, width - 7 - locationWidth - 2)
        for result in results {
            let location = "\(file):\(result.statement.line)".padded(to: locationWidth)
            let query = oneLine(result.statement.text, limit: queryWidth)
            let detail: String
            if let error = result.error {
                out += "ERROR  \(location)  \(query)\n"
                detail = error
            } else if let reason = result.skipped {
                out += "skip   \(location)  \(query)\n"
                detail = reason
            } else if !result.failingScans.isEmpty {
                out += "SCAN   \(location)  \(query)\n"
                detail = "full scan of " + result.failingScans.joined(separator: ", ")
            } else {
                out += "ok     \(location)  \(query)\n"
                let used = result.plan?.indexesUsed ?? []
                let allowed = result.allowedScansDone
                detail = (used.isEmpty ? "" : "uses " + used.joined(separator: ", "))
                    + (allowed.isEmpty ? "" : (used.isEmpty ? "" : "; ") + "allowed full scan of " + allowed.joined(separator: ", "))
            }
            if !detail.isEmpty { out += "       " + detail + "\n" }
        }
        let failed = results.filter { !$0.passed }.count
        let skipped = results.filter { $0.skipped != nil }.count
        out += "\n\(results.count - failed - skipped) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped (not plannable)" : "") + "\n"
        return out
    }

    public static func oneLine(_ text: String, limit: Int) -> String {
        let folded = SQLScript.stripComments(text).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return folded.clipped(to: limit, ellipsis: true)
    }
}
