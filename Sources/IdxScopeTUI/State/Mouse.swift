/// Mouse as in htop and pspg: a press on a list row selects it, on the index list's column
/// titles sorts by that column (again: reverses), the wheel scrolls three rows a step.
enum Mouse {
    static let wheelStep = 3

    static func handle(_ event: MouseEvent, _ state: inout AppState, _ effects: inout [Effect]) {
        if state.status?.sticky == false { state.status = nil }
        switch event.button {
        case .wheelUp, .wheelDown:
            // In the editor the wheel scrolls the plan (the pane under the text).
            guard state.keyContext != .historySearch else { return }
            for _ in 0..<wheelStep { Scrolling.move(event.button == .wheelUp ? .moveUp : .moveDown, &state) }
        case .press:
            press(x: event.x, y: event.y, &state, &effects)
        }
    }

    static func press(x: Int, y: Int, _ state: inout AppState, _ effects: inout [Effect]) {
        switch state.screen {
        case .indexes:
            if y == 1 {
                sort(atX: x, &state)
            } else if y >= 2, y < 2 + Layout.listRows(height: state.height) {
                let line = state.listTop + y - 2
                guard line < state.lines.count, state.lines[line].recordIndex != nil else { return }
                state.selectedLine = line
                ListNavigation.keepSelectionVisible(&state)
            }
        case .findings:
            let lines = FindingsBrowsing.lines(state)
            let top = min(state.findingsTop, max(0, lines.count - Layout.contentRows(height: state.height)))
            let line = top + y - 1
            guard y >= 1, line < lines.count, let finding = lines[line].finding else { return }
            state.findingSelected = finding
            FindingsBrowsing.keepSelectionVisible(&state)
        case .queries:
            let line = state.statementsTop + y - 2
            guard y >= 2, line < state.statements?.byTotalTime?.count ?? 0 else { return }
            state.statementSelected = line
        default:
            break
        }
    }

    /// A press on a column title sorts by it; on the current sort column it reverses the order.
    static func sort(atX x: Int, _ state: inout AppState) {
        let x = x < IndexColumns.marker ? x : x + IndexColumns.shownLeft(state)  // the titles scroll with the list
        guard let cell = IndexColumns.fit(state).titleCells().first(where: { x >= $0.x && x < $0.x + $0.width }),
              let column = cell.sort, column.isShown(state.facts) else { return }
        if column == state.sort {
            state.sortDescending.toggle()
        } else {
            state.sort = column
            state.sortDescending = column.startsDescending
        }
        ListNavigation.rebuild(&state)
    }
}
