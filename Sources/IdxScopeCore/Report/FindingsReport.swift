/// The `findings` command's output: JSON per DESIGN.md, or a table with the SQL under each row.
public enum FindingsReport {
    public static func json(_ findings: [Finding], catalog: Catalog) -> JSONValue {
        .object([
            ("engine", .string(catalog.engine.rawValue)),
            ("stats_since", .optional(catalog.statsSince.map(Timestamp.iso8601))),
            ("servers", .optional(catalog.servers.map(Int64.init))),
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
                ])
            })),
        ])
    }

    public static func table(_ findings: [Finding], catalog: Catalog, width: Int = 80) -> String {
        guard !findings.isEmpty else {
            let note = catalog.engine == .sqlite ? " (SQLite keeps no usage counters: unused indexes cannot be told)" : ""
            return "No findings among \(catalog.indexes.count) indexes\(note).\n"
        }
        var out = ""
        let total = findings.compactMap(\.bytes).reduce(0, +)
        out += "\(findings.count) finding\(findings.count == 1 ? "" : "s") · \(ByteFormat.human(total)) to gain"
        if let since = catalog.statsSince { out += " · counters since \(Timestamp.iso8601(since))" }
        if let servers = catalog.servers, servers > 1 { out += " on \(servers) servers" }
        out += "\n\n"
        // Name the schema when there is more than one, or two tables could read the same.
        let qualify = Set(catalog.indexes.map(\.info.schema)).count > 1
        for finding in findings {
            let table = qualify ? "\(finding.schema).\(finding.table)" : finding.table
            let target = finding.index.map { "\(table).\($0)" } ?? table
            let head = "\(finding.kind.rawValue.uppercased())  \(target)  \(ByteFormat.human(finding.bytes))  [\(finding.confidence.rawValue)]"
            out += head.clipped(to: width, ellipsis: true) + "\n"
            out += "    " + finding.reason + "\n"
            for line in finding.sql.split(separator: "\n") { out += "    " + line + "\n" }
            out += "\n"
        }
        return out
    }
}
