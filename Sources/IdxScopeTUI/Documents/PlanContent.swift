import IdxScopeCore

/// The plan as tree lines with box-drawing connectors, coloured by node kind.
enum PlanContent {
    static func role(for kind: PlanNodeKind) -> Role {
        switch kind {
        // A step idxscope cannot read is shown as a scan would be: never as harmless.
        case .fullScan, .unknown: return .fullScan
        case .indexFullScan: return .indexFullScan
        case .indexSearch, .rowidLookup, .limitedScan: return .indexSearch
        // Sorts and temp B-trees cost memory or disk per run: amber, like SQLite's USE TEMP B-TREE.
        case .tempBTree, .automaticIndex, .sort: return .warning
        case .join, .other: return .normal
        }
    }

    /// Estimated against actual rows (both per loop, as EXPLAIN reports them): the factor when
    /// one is 10× the other or more, the misestimate that usually explains a bad plan. Zero
    /// counts as one row so an estimate of 1 for 0 rows is not flagged.
    static func misestimate(estimated: Double?, actual: Double?) -> Int? {
        guard let estimated, let actual else { return nil }
        let low = max(1, min(estimated, actual)), high = max(1, max(estimated, actual))
        let factor = high / low
        return factor >= 10 ? Int(factor.rounded()) : nil
    }

    static func lines(plan: QueryPlan?) -> [StyledLine] {
        guard let plan else { return [] }
        var out: [StyledLine] = []
        var heading = [Span(plan.analyzed ? "QUERY PLAN (analyzed)" : "QUERY PLAN", .title)]
        if let planning = plan.planningMs { heading.append(Span("  planning \(Format.milliseconds(planning)) ms", .dim)) }
        if let execution = plan.executionMs { heading.append(Span("  execution \(Format.milliseconds(execution)) ms", .dim)) }
        out.append(heading)
        for line in ExplainReport.treeLines(plan) {
            let node = line.node
            var styled: StyledLine = [Span(line.prefix, .dim), Span(node.detail, role(for: node.kind))]
            var rows: [String] = []
            if let estimated = node.estimatedRows { rows.append("rows≈\(Format.rows(estimated))") }
            if let actual = node.actualRows { rows.append("actual \(Format.rows(actual))") }
            if !rows.isEmpty { styled.append(Span("  " + rows.joined(separator: " "), .dim)) }
            if let factor = misestimate(estimated: node.estimatedRows, actual: node.actualRows) {
                styled.append(Span("  ⚠ \(factor)× off", .warning))
            }
            out.append(styled)
            for extra in node.extra { out.append([Span(line.extraPrefix + extra, .dim)]) }
        }
        let scans = plan.fullScans
        out.append([])
        if scans.isEmpty {
            out.append([Span("no full table scans", .indexSearch)])
        } else {
            out.append([Span("full scan of " + scans.joined(separator: ", "), .fullScan)])
        }
        if !plan.indexesUsed.isEmpty {
            out.append([Span("◆ ", .marker), Span("indexes used: " + plan.indexesUsed.joined(separator: ", "), .normal)])
        }
        return out
    }
}
