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

    /// Relations read whole (and, when strict, those whose whole index is read), in plan order.
    var scannedRelations: [String] {
        (plan?.nodes ?? []).filter { $0.kind == .fullScan || (strict && $0.kind == .indexFullScan) }.compactMap(\.relation)
    }

    public var failingScans: [String] {
        scannedRelations.filter { !isAllowed($0) }
    }

    /// `--strict`: the indexes read whole, each as `index on table`, in plan order.
    public var wholeIndexReads: [String] {
        guard strict else { return [] }
        return (plan?.nodes ?? []).filter { $0.kind == .indexFullScan && !($0.relation.map(isAllowed) ?? false) }
            .map { node in (node.index ?? "?") + (node.relation.map { " on \($0)" } ?? "") }
    }

    /// Plan steps idxscope cannot read: they fail the check instead of passing as "no scan".
    public var unknownSteps: [String] {
        (plan?.nodes ?? []).filter { $0.kind == .unknown }.map(\.detail)
    }

    /// Tables read whole without an index and not allowed (whole index reads are listed apart).
    var failingFullTableScans: [String] {
        (plan?.nodes ?? []).filter { $0.kind == .fullScan }.compactMap(\.relation).filter { !isAllowed($0) }
    }

    /// An allowed name matches the relation itself or its last part (`--allow-scan t` for `temp.t`),
    /// ignoring case where the engine does (SQLite).
    func isAllowed(_ relation: String) -> Bool {
        let lastPart = relation.split(separator: ".").last.map(String.init) ?? relation
        guard namesIgnoreCase else { return allowedScans.contains(relation) || allowedScans.contains(lastPart) }
        return allowedScans.contains { $0.lowercased() == relation.lowercased() || $0.lowercased() == lastPart.lowercased() }
    }

    public var passed: Bool { error == nil && failingScans.isEmpty && unknownSteps.isEmpty }
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
                    ("allowed_scans", .strings(result.scannedRelations.filter(result.isAllowed))),
                    ("whole_index_reads", .strings(result.wholeIndexReads)),
                    ("unknown_steps", .strings(result.unknownSteps)),
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
            } else if !result.passed {
                out += "SCAN   \(location)  \(query)\n"
                let tables = result.failingFullTableScans
                var parts: [String] = []
                if !tables.isEmpty { parts.append("full scan of " + tables.joined(separator: ", ")) }
                if !result.wholeIndexReads.isEmpty { parts.append("whole index read of " + result.wholeIndexReads.joined(separator: ", ")) }
                if !result.unknownSteps.isEmpty {
                    parts.append("plan step idxscope cannot read (counted as a scan): " + result.unknownSteps.joined(separator: "; "))
                }
                detail = parts.joined(separator: "; ")
            } else {
                out += "ok     \(location)  \(query)\n"
                let used = result.plan?.indexesUsed ?? []
                let allowed = result.scannedRelations.filter(result.isAllowed)
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
