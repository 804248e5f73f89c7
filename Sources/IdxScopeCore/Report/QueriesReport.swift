/// The `queries` command's output: pg_stat_statements by mean and by total time.
public enum QueriesReport {
    public static func json(_ report: StatementStatsReport) -> JSONValue {
        func list(_ stats: [StatementStats]?) -> JSONValue {
            guard let stats else { return .null }
            return .array(stats.map { item in
                .object([
                    // A string: query ids use all 64 bits, past the 2^53 a JSON number keeps exactly (jq rounds).
                    ("query_id", .optional(item.queryID.map { String($0) })),
                    ("query", .string(item.query)),
                    ("calls", .int(item.calls)),
                    ("total_ms", .double(item.totalMs)),
                    ("mean_ms", .double(item.meanMs)),
                    ("rows", .int(item.rows)),
                ])
            })
        }
        return .object([
            ("by_mean_time", list(report.byMeanTime)),
            ("by_total_time", list(report.byTotalTime)),
            ("note", .optional(report.note)),
        ])
    }

    public static func table(_ report: StatementStatsReport, width: Int = 80) -> String {
        func section(_ title: String, _ stats: [StatementStats]?) -> String {
            guard let stats else { return "" }
            var table = TextTable(columns: [
                TextTable.Column("MEAN ms", alignRight: true), TextTable.Column("TOTAL ms", alignRight: true),
                TextTable.Column("CALLS", alignRight: true), TextTable.Column("QUERY", flexible: true),
            ])
            for item in stats {
                table.add([ByteFormat.formatFixed(item.meanMs, digits: 2), ByteFormat.formatFixed(item.totalMs, digits: 1),
                           ByteFormat.count(item.calls), CheckReport.oneLine(item.query, limit: 400)])
            }
            return title + "\n" + (stats.isEmpty ? "(no statements recorded yet)\n" : table.render(maxWidth: width))
        }
        return [section("Top statements by mean time", report.byMeanTime),
                section("Top statements by total time", report.byTotalTime)]
            .filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
