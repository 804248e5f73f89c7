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

    /// The plan pane: the plan, then F7's proposal and the plan with it.
    static func document(_ state: AppState) -> [StyledLine] {
        lines(plan: state.plan) + adviceLines(state.statementAdvice)
    }

    static func adviceLines(_ advice: StatementAdvice?) -> [StyledLine] {
        guard let advice else { return [] }
        var out: [StyledLine] = [[], [Span("F7 ADVISOR", .title), Span("  an index for this statement, proven by the planner", .dim)]]
        if advice.running { return out + [[Span("  planning with candidate indexes… Esc cancels", .warning)]] }
        if let error = advice.error { return out + [[Span("  ✗ " + error, .error)]] }
        guard let finding = advice.findings.first, let proof = finding.proof?.statements.first else {
            out.append([Span("  no index makes this statement cheaper by half or more", .indexSearch)])
            for note in advice.notes { out.append([Span("  " + note, .dim)]) }
            return out
        }
        for line in finding.sql.split(separator: "\n") { out.append([Span("  " + line, .sql)]) }
        var facts = finding.reason
        if let bytes = finding.bytes { facts += " · ≈" + ByteFormat.human(bytes) }
        out.append([Span("  " + facts, .dim)])
        if let before = proof.costBefore, let after = proof.costAfter {
            out.append([Span("  cost \(String(format: "%.2f", before)) → \(String(format: "%.2f", after))", .indexSearch)])
        }
        out.append([Span("PLAN WITH IT", .title)])
        for line in proof.planAfter { out.append([Span("  " + line, .normal)]) }
        return out
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
