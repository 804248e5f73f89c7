import Foundation

/// The `findings` command's output: JSON per DESIGN.md, or a table with the SQL under each row.
public enum FindingsReport {
    public static func json(_ findings: [Finding], catalog: Catalog, now: Date = Date(), notes: [String] = [], advice: Advice? = nil) -> JSONValue {
        .object([
            ("engine", .string(catalog.engine.rawValue)),
            ("stats_since", .optional(catalog.statsSince.map(Timestamp.iso8601))),
            ("servers", .optional(catalog.servers.map(Int64.init))),
            ("stats_age_seconds", .optional(catalog.statsSince.map { Int64(now.timeIntervalSince($0).rounded()) })),
            ("extension_indexes_left_out", .int(Int64(catalog.indexes.filter { $0.info.extensionOwner != nil }.count))),
            ("usage_source", .optional(catalog.usageSource?.rawValue)),
            ("notes", .strings(notes)),
            ("advisor", advice.map { advice in
                .object([
                    ("statements", .int(Int64(advice.statements.count))),
                    ("statements_planned", .int(Int64(advice.statements.filter { $0.plan != nil }.count))),
                    ("candidates", .int(Int64(advice.candidatesConsidered))),
                    ("planner_calls", .int(Int64(advice.plannerCalls))),
                    ("elapsed_ms", .optional(advice.elapsedMs.map { ($0 * 10).rounded() / 10 })),
                ])
            } ?? .null),
            ("foreign_keys_not_planned", .array(notPlanned(catalog).map { key, reason in
                .object([("schema", .string(key.schema)), ("table", .string(key.table)), ("name", .string(key.name)),
                         ("reason", .string(reason))])
            })),
            ("findings", .array(findings.map { finding in
                .object([
                    ("kind", .string(finding.kind.rawValue)),
                    ("schema", .string(finding.schema)),
                    ("table", .string(finding.table)),
                    ("index", .optional(finding.index)),
                    ("covered_by", .optional(finding.coveredBy)),
                    ("reason", .string(finding.reason)),
                    ("sql", .string(finding.sql)),
                    ("bytes", .optional(finding.bytes)),
                    ("confidence", .string(finding.confidence.rawValue)),
                    ("columns", .strings(finding.columns)),
                    ("referenced_table", .optional(finding.referencedTable)),
                    ("referenced_columns", finding.referencedColumns.map(JSONValue.strings) ?? .null),
                    ("serves_foreign_keys", .strings(finding.servesForeignKeys)),
                    ("proof", finding.proof.map(proofJSON) ?? .null),
                    ("used_by", finding.usedBy.map { uses in .array(uses.map(useJSON)) } ?? .null),
                ])
            })),
        ])
    }

    static func proofJSON(_ proof: Finding.Proof) -> JSONValue {
        .object([
            ("statements", .array(proof.statements.map { statement in
                .object([
                    ("query", .string(statement.query)),
                    ("calls", .int(statement.calls)),
                    ("cost_before", .optional(statement.costBefore)),
                    ("cost_after", .optional(statement.costAfter)),
                    ("plan_before", .strings(statement.planBefore)),
                    ("plan_after", .strings(statement.planAfter)),
                ])
            })),
            ("gain_percent", .optional(proof.gainPercent)),
        ])
    }

    static func useJSON(_ use: Finding.WorkloadUse) -> JSONValue {
        .object([
            ("query", .string(use.query)),
            ("calls", .int(use.calls)),
            ("plan_without", use.planWithout.map(JSONValue.strings) ?? .null),
        ])
    }

    public static func table(_ findings: [Finding], catalog: Catalog, width: Int = 80, now: Date = Date()) -> String {
        let owned = catalog.indexes.filter { $0.info.extensionOwner != nil }
        var extensionNote = owned.isEmpty ? "" : "\(owned.count) index\(owned.count == 1 ? "" : "es") owned by extensions ("
            + Set(owned.compactMap(\.info.extensionOwner)).sorted().joined(separator: ", ") + ") left out.\n"
        let unplanned = notPlanned(catalog)
        if let (first, reason) = unplanned.first {
            extensionNote += "\(unplanned.count) foreign key\(unplanned.count == 1 ? "" : "s") not judged, the lookup not planned "
                + "(\(first.table).\(first.name)\(unplanned.count > 1 ? " and others" : ""): \(reason)).\n"
        }
        guard !findings.isEmpty else {
            let note = catalog.engine == .sqlite ? " (SQLite keeps no usage counters: unused indexes cannot be told)" : ""
            return "No findings among \(catalog.indexes.count) indexes\(note).\n" + extensionNote
        }
        var out = ""
        let total = findings.compactMap(\.bytes).reduce(0, +)
        out += "\(findings.count) finding\(findings.count == 1 ? "" : "s") · \(ByteFormat.human(total)) to gain"
        if let since = catalog.statsSince {
            out += " · counters since \(Timestamp.iso8601(since)) (\(Age.describe(now.timeIntervalSince(since))) old)"
        }
        if let servers = catalog.servers, servers > 1 { out += " on \(servers) servers" }
        out += "\n" + extensionNote + "\n"
        // Name the schema when there is more than one, or two tables could read the same.
        let qualify = Set(catalog.indexes.map(\.info.schema)).count > 1
        for finding in findings {
            let table = qualify ? "\(finding.schema).\(finding.table)" : finding.table
            let target = finding.index.map { "\(table).\($0)" } ?? table
            let head = "\(finding.kind.rawValue.uppercased())  \(target)  \(ByteFormat.human(finding.bytes))  [\(finding.confidence.rawValue)]"
            out += head.clipped(to: width, ellipsis: true) + "\n"
            out += "    " + finding.reason + "\n"
            for line in finding.sql.split(separator: "\n") { out += "    " + line + "\n" }
            for line in AdviceText.lines(finding) { out += "    " + line.clipped(to: max(20, width - 4), ellipsis: true) + "\n" }
            out += "\n"
        }
        return out
    }

    /// Keys whose lookup the engine refused to plan: not judged either way, so said.
    static func notPlanned(_ catalog: Catalog) -> [(ForeignKey, String)] {
        catalog.foreignKeys.compactMap { key in
            if case .failed(let reason)? = key.lookup { return (key, reason) }
            return nil
        }
    }
}
