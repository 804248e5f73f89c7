import IdxScopeCore

/// `y`: what is under the cursor, as SQL — the selected index's definition (list, detail), the
/// selected finding's SQL, the selected pg_stat_statements entry — copied through OSC 52.
enum Copying {
    static func copy(_ state: inout AppState, _ effects: inout [Effect]) {
        guard let (text, what) = selectedText(state) else {
            state.status = StatusMessage("nothing to copy here", isError: true)
            return
        }
        effects.append(.copyToClipboard(text))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        state.status = StatusMessage("copied \(what) (\(lines == 1 ? "\(text.count) characters" : "\(lines) lines")) to the clipboard (OSC 52)")
    }

    static func selectedText(_ state: AppState) -> (String, String)? {
        switch state.screen {
        case .indexes, .detail:
            guard let record = state.selectedRecord else { return nil }
            return (record.info.definition, "the definition of \(record.info.name)")
        case .findings:
            guard let findings = state.findings, state.findingSelected < findings.count else { return nil }
            let finding = findings[state.findingSelected]
            return (finding.sql, "the SQL of the \(finding.kind.rawValue) finding")
        case .queries:
            guard let list = state.statements?.byTotalTime, state.statementSelected < list.count else { return nil }
            return (list[state.statementSelected].query, "the statement")
        case .query, .help:
            return nil
        }
    }
}
