/// Draws the help document, scrolled.
enum HelpView {
    static func draw(_ state: AppState, _ screen: inout Screen) {
        let lines = HelpContent.lines(capabilities: state.capabilities, notes: state.catalog?.notes ?? [])
        let rows = Layout.contentRows(height: screen.height)
        let top = min(state.helpTop, max(0, lines.count - rows))
        for (offset, line) in lines.dropFirst(top).prefix(rows).enumerated() {
            screen.putMarkingCut(line, x: 1, y: 1 + offset, maxWidth: screen.width - 1)
        }
    }
}
