import IdxScopeCore

/// The Findings screen's document: every finding grouped by kind (a heading with the count and
/// the bytes to gain), each with its target, size, confidence, reason, SQL and, for advisor
/// findings, the statements it serves. Each line knows the finding it belongs to, so the
/// selection, scrolling and `y` work on findings while the view draws lines.
enum FindingsContent {
    struct Line: Equatable {
        var text: StyledLine
        /// Position in `AppState.findings` (nil: a kind's heading or a blank line).
        var finding: Int?
        /// The finding's first line (the one the selection highlights).
        var isHead = false
    }

    /// Kinds in the order a DBA acts on them: what is broken, what is missing, what costs.
    static let kindOrder: [Finding.Kind] = [.invalid, .unindexedFK, .missing, .duplicate, .redundant, .unused, .bloated]

    static func title(_ kind: Finding.Kind) -> String {
        switch kind {
        case .unused: return "Unused indexes"
        case .duplicate: return "Duplicate indexes"
        case .redundant: return "Redundant indexes (a left prefix of another)"
        case .invalid: return "Invalid indexes"
        case .bloated: return "Bloated indexes"
        case .unindexedFK: return "Foreign keys without an index"
        case .missing: return "Missing indexes (proven on the workload)"
        }
    }

    /// Finding positions in display order: grouped by kind, each group as the rules sorted it
    /// (largest first).
    static func order(_ findings: [Finding]) -> [Int] {
        kindOrder.flatMap { kind in findings.indices.filter { findings[$0].kind == kind } }
    }

    static func lines(_ findings: [Finding], qualify: Bool, notes: [String] = []) -> [Line] {
        var out: [Line] = notes.map { Line(text: [Span($0, .dim)]) }
        for kind in kindOrder {
            let members = findings.indices.filter { findings[$0].kind == kind }
            guard !members.isEmpty else { continue }
            let bytes = members.compactMap { findings[$0].bytes }.reduce(0, +)
            if !out.isEmpty { out.append(Line(text: [])) }
            var heading: StyledLine = [Span(title(kind), .title), Span("  \(members.count)", .label)]
            if bytes > 0 { heading.append(Span(" · \(ByteFormat.human(bytes))", .dim)) }
            out.append(Line(text: heading))
            for position in members { out += block(findings[position], position: position, qualify: qualify) }
        }
        return out
    }

    static func target(_ finding: Finding, qualify: Bool) -> String {
        let table = qualify ? "\(finding.schema).\(finding.table)" : finding.table
        if let index = finding.index { return "\(table).\(index)" }
        return "\(table) (\(finding.columns.joined(separator: ", ")))"
    }

    static func block(_ finding: Finding, position: Int, qualify: Bool) -> [Line] {
        var head: StyledLine = [Span("  " + target(finding, qualify: qualify), .normal)]
        if let bytes = finding.bytes { head.append(Span("  " + ByteFormat.human(bytes), .label)) }
        head.append(Span("  [\(finding.confidence.rawValue)]", finding.confidence == .high ? .warning : .dim))
        var out = [Line(text: head, finding: position, isHead: true)]
        out.append(Line(text: [Span("    " + finding.reason, .dim)], finding: position))
        for line in finding.sql.split(separator: "\n") { out.append(Line(text: [Span("    " + line, .sql)], finding: position)) }
        // Advisor findings: the statements each serves (or the workload's users of an index).
        for line in AdviceText.lines(finding) { out.append(Line(text: [Span("    " + line, .dim)], finding: position)) }
        return out
    }
}
