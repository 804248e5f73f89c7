/// The help screen, generated from `KeyTable.bindings` so it lists exactly the keys that work.
enum HelpContent {
    /// Paging says what it pages in each context (the editor pages the plan, not the text).
    static func summary(_ binding: KeyBinding, in context: KeyContext) -> String {
        guard binding.command == .pageUp || binding.command == .pageDown else { return binding.summary }
        let direction = binding.command == .pageUp ? "up" : "down"
        switch context {
        case .query: return "page the plan \(direction) (the editor keeps its text)"
        case .indexes, .filter: return "page \(direction) the index list"
        case .detail: return "page \(direction) the detail"
        case .queries: return "page \(direction) the statements"
        case .findings: return "page \(direction) the findings"
        case .help: return "page \(direction) this help"
        default: return binding.summary
        }
    }

    static func lines(capabilities: Capabilities, notes: [String] = []) -> [StyledLine] {
        var out: [StyledLine] = [[Span("idxscope keys", .title), Span("  (generated from the key table)", .dim)]]
        for context in KeyContext.allCases {
            // F6 (EXPLAIN ANALYZE) is not offered where the engine has none (SQLite).
            let bindings = KeyTable.bindings.filter {
                $0.contexts.contains(context) && ($0.command != .toggleAnalyze || capabilities.explainAnalyze)
            }
            guard !bindings.isEmpty else { continue }
            out.append([])
            out.append([Span(context.title, .title)])
            for binding in bindings {
                let keys = binding.keys.map(\.label).joined(separator: " ")
                out.append([Span("  " + keys.padded(to: 16), .keyBar), Span(" " + summary(binding, in: context))])
            }
            if KeyTable.takesText(context) {
                out.append([Span("  " + "other keys".padded(to: 16), .keyBar), Span(" typed as text")])
            }
        }
        out.append([])
        out.append([Span("Index flags", .title)])
        for (flag, meaning) in [("P", "primary key"), ("U", "unique"), ("W", "partial (WHERE …)"), ("E", "on an expression"),
                                ("!", "invalid (failed CREATE INDEX CONCURRENTLY)"), ("◆", "used by the last plan"),
                                ("~", "bloat is an estimate"), ("unused", "no scans since the counters began (not a constraint)"),
                                ("dup", "same definition as another index, which is kept"),
                                ("prefix", "its keys are a left prefix of another btree's"),
                                ("invalid", "ignored by the planner, still maintained"),
                                ("bloated", "≥ 30 % and ≥ 1 MiB reclaimable by a rebuild")] {
            out.append([Span("  " + flag.padded(to: 16), .label), Span(" " + meaning)])
        }
        out.append([])
        out.append([Span("Plan colours", .title)])
        out.append([Span("  SCAN t", .fullScan), Span("  a whole table read (full scan)", .dim)])
        out.append([Span("  SCAN t USING INDEX i", .indexFullScan), Span("  a whole index read", .dim)])
        out.append([Span("  SEARCH t USING INDEX i", .indexSearch), Span("  an index search", .dim)])
        out.append([Span("  USE TEMP B-TREE / AUTOMATIC INDEX", .warning), Span("  sorting or a missing index", .dim)])
        if !notes.isEmpty {
            out.append([])
            out.append([Span("This database", .title)])
            for note in notes { out.append([Span("  " + note)]) }
        }
        return out
    }
}
