/// Ctrl-R in the editor, as in readline: the typed text finds the newest history entry that
/// contains it (case-insensitive), Ctrl-R again the next older one; Enter keeps the match in
/// the editor, Esc puts back what was being typed.
struct HistorySearch: Equatable, Sendable {
    var term = ""
    /// Position in the history of the entry shown (nil: no entry matches).
    var match: Int?
    /// The editor as it was when the search began.
    var original: TextEditor

    /// The newest entry at or before `start` containing `term` (any entry for an empty term).
    static func find(_ term: String, in entries: [String], from start: Int) -> Int? {
        guard start >= 0, !entries.isEmpty else { return nil }
        let needle = term.lowercased()
        var position = min(start, entries.count - 1)
        while position >= 0 {
            if needle.isEmpty || entries[position].lowercased().contains(needle) { return position }
            position -= 1
        }
        return nil
    }
}

enum HistorySearching {
    static func perform(_ command: Command, _ state: inout AppState) {
        let entries = state.history.entries
        switch command {
        case .historySearch:
            guard var search = state.historySearch else {
                state.historySearch = HistorySearch(match: nil, original: state.editor)
                state.historySearch?.match = HistorySearch.find("", in: entries, from: entries.count - 1)
                show(&state)
                return
            }
            // ^R again: the next older match, or stay on the oldest one.
            if let current = search.match, let older = HistorySearch.find(search.term, in: entries, from: current - 1) {
                search.match = older
            }
            state.historySearch = search
            show(&state)
        case .historySearchAccept:
            state.historySearch = nil
            state.historyPosition = nil
        case .historySearchCancel:
            if let original = state.historySearch?.original { state.editor = original }
            state.historySearch = nil
        case .historySearchBackspace:
            guard var search = state.historySearch, !search.term.isEmpty else { return }
            search.term.removeLast()
            search.match = HistorySearch.find(search.term, in: entries, from: entries.count - 1)
            state.historySearch = search
            show(&state)
        default:
            break
        }
    }

    /// A typed character narrows the search from the newest entry again.
    static func insert(_ character: Character, _ state: inout AppState) {
        guard var search = state.historySearch else { return }
        search.term.append(character)
        search.match = HistorySearch.find(search.term, in: state.history.entries, from: state.history.entries.count - 1)
        state.historySearch = search
        show(&state)
    }

    /// The editor shows the match (or what was typed, while nothing matches).
    static func show(_ state: inout AppState) {
        guard let search = state.historySearch else { return }
        state.editor = search.match.map { TextEditor(text: state.history.entries[$0]) } ?? search.original
    }
}
