import IdxScopeCore

/// The Findings screen's selection: moving between findings (not lines), keeping the selected
/// finding's block in view, and Enter on an index finding opening that index's detail.
enum FindingsBrowsing {
    static func lines(_ state: AppState) -> [FindingsContent.Line] {
        FindingsContent.lines(state.findings ?? [], qualify: state.facts.showsSchema, notes: state.findingsNotes)
    }

    static func move(_ command: Command, _ state: inout AppState) {
        let order = FindingsContent.order(state.findings ?? [])
        guard !order.isEmpty else { return }
        let rows = Layout.contentRows(height: state.height)
        let current = order.firstIndex(of: state.findingSelected) ?? 0
        let page = max(1, rows / 4)
        let next: Int
        switch command {
        case .moveUp: next = current - 1
        case .moveDown: next = current + 1
        case .pageUp: next = current - page
        case .pageDown: next = current + page
        case .top: next = 0
        default: next = order.count - 1
        }
        state.findingSelected = order[max(0, min(next, order.count - 1))]
        keepSelectionVisible(&state)
    }

    static func keepSelectionVisible(_ state: inout AppState) {
        let lines = lines(state)
        let rows = Layout.contentRows(height: state.height)
        guard let first = lines.firstIndex(where: { $0.finding == state.findingSelected }) else { state.findingsTop = 0; return }
        let last = lines.lastIndex(where: { $0.finding == state.findingSelected }) ?? first
        // The kind's heading comes along with the group's first finding.
        let wanted = first > 0 && lines[first - 1].finding == nil && !lines[first - 1].text.isEmpty ? first - 1 : first
        var top = state.findingsTop
        if last >= top + rows { top = last - rows + 1 }
        if wanted < top || first >= top + rows { top = wanted }
        state.findingsTop = max(0, min(top, max(0, lines.count - rows)))
    }

    /// Enter: an index finding opens the index's detail (the list's filter is dropped when it
    /// hides the index); a table finding (foreign key, missing index) has no index to show.
    static func openDetail(_ state: inout AppState, _ effects: inout [Effect]) {
        guard let findings = state.findings, state.findingSelected < findings.count else { return }
        let finding = findings[state.findingSelected]
        guard let name = finding.index,
              let position = state.records.firstIndex(where: {
                  $0.info.name == name && $0.info.table == finding.table && $0.info.schema == finding.schema
              }) else {
            state.status = StatusMessage("\(FindingsContent.target(finding, qualify: true)) is not an index yet: y copies its SQL")
            return
        }
        if !state.lines.contains(.index(position)) { FilterEditing.clear(&state) }
        guard let line = state.lines.firstIndex(of: .index(position)) else { return }
        state.selectedLine = line
        ListNavigation.keepSelectionVisible(&state)
        Reducer.show(.detail, &state, &effects)
    }
}
