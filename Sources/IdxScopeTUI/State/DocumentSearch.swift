/// `/` in help and on the Findings screen, as in less and pspg: typing jumps to the first line
/// containing the text (case-insensitive), n and N to the next and previous one. Help scrolls to
/// the line; Findings selects the finding the line belongs to.
enum DocumentSearch {
    static func perform(_ command: Command, _ state: inout AppState) {
        switch command {
        case .startSearch:
            state.searchEditing = true
            state.searchTerm = ""
            state.searchLine = state.helpTop
        case .acceptSearch:
            state.searchEditing = false
        case .cancelSearch:
            state.searchEditing = false
            state.searchTerm = ""
        case .searchBackspace:
            guard !state.searchTerm.isEmpty else { return }
            state.searchTerm.removeLast()
            jump(from: current(state), step: 1, &state)
        case .searchNext, .searchPrevious:
            guard !state.searchTerm.isEmpty else {
                state.status = StatusMessage("/ searches first; then n and N move between matches")
                return
            }
            let forward = command == .searchNext
            if !jump(from: current(state) + (forward ? 1 : -1), step: forward ? 1 : -1, &state) {
                state.status = StatusMessage("no \(forward ? "further" : "earlier") match for \"\(state.searchTerm)\"")
            }
        default:
            break
        }
    }

    static func insert(_ character: Character, _ state: inout AppState) {
        state.searchTerm.append(character)
        jump(from: current(state), step: 1, &state)
    }

    /// The document's lines as text.
    static func texts(_ state: AppState) -> [String] {
        switch state.screen {
        case .help: return HelpContent.lines(capabilities: state.capabilities, notes: state.catalog?.notes ?? []).map(StyledText.plain)
        case .findings: return FindingsBrowsing.lines(state).map { StyledText.plain($0.text) }
        default: return []
        }
    }

    /// The line a search continues from: help's top line, the selected finding's first line.
    static func current(_ state: AppState) -> Int {
        if state.screen == .findings {
            return FindingsBrowsing.lines(state).firstIndex { $0.finding == state.findingSelected } ?? 0
        }
        return state.searchLine
    }

    static func matchCount(_ state: AppState) -> Int {
        guard !state.searchTerm.isEmpty else { return 0 }
        let needle = state.searchTerm.lowercased()
        return texts(state).filter { $0.lowercased().contains(needle) }.count
    }

    /// Moves to the first matching line from `start` in the direction of `step`; false if none.
    @discardableResult
    static func jump(from start: Int, step: Int, _ state: inout AppState) -> Bool {
        guard !state.searchTerm.isEmpty else { return false }
        let needle = state.searchTerm.lowercased()
        let lines = texts(state)
        var line = start
        while line >= 0, line < lines.count {
            if lines[line].lowercased().contains(needle) {
                show(line: line, &state)
                return true
            }
            line += step
        }
        return false
    }

    static func show(line: Int, _ state: inout AppState) {
        switch state.screen {
        case .help:
            let rows = Layout.contentRows(height: state.height)
            state.searchLine = line
            state.helpTop = max(0, min(line, texts(state).count - rows))
        case .findings:
            let lines = FindingsBrowsing.lines(state)
            // A kind's heading: its first finding.
            guard let finding = lines[line].finding ?? lines[line...].first(where: { $0.finding != nil })?.finding else { return }
            state.findingSelected = finding
            FindingsBrowsing.keepSelectionVisible(&state)
        default:
            break
        }
    }
}
