/// Draws the Findings document, scrolled, with the selected finding's first line highlighted.
enum FindingsView {
    static func draw(_ state: AppState, _ screen: inout Screen) {
        guard let findings = state.findings else {
            let text = state.catalog == nil ? "loading the catalog…" : "judging the indexes…"
            screen.put(" " + text, x: 0, y: 1, role: .dim)
            return
        }
        guard !findings.isEmpty || !state.findingsNotes.isEmpty else {
            if state.findingsRevision == nil {
                screen.put(" The advisor did not finish: F runs it again.", x: 0, y: 1, role: .warning, maxWidth: screen.width)
                return
            }
            let note = state.capabilities.engine == .sqlite ? " (SQLite keeps no usage counters: unused indexes cannot be told)" : ""
            screen.put(" No findings among \(state.records.count) indexes\(note).", x: 0, y: 1, role: .indexSearch, maxWidth: screen.width)
            return
        }
        let lines = FindingsBrowsing.lines(state)
        let rows = Layout.contentRows(height: screen.height)
        let top = min(state.findingsTop, max(0, lines.count - rows))
        for (offset, line) in lines.dropFirst(top).prefix(rows).enumerated() {
            let y = 1 + offset
            if line.isHead, line.finding == state.findingSelected {
                screen.fillRow(y, role: .selection)
                screen.putMarkingCut([Span(StyledText.plain(line.text), .selection)], x: 1, y: y, maxWidth: screen.width - 1)
            } else {
                screen.putMarkingCut(line.text, x: 1, y: y, maxWidth: screen.width - 1)
            }
        }
    }
}
