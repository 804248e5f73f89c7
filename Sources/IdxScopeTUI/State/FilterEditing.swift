/// The `/` filter prompt: typing, pasting, deleting, keeping and clearing the filter, which
/// narrows the index list on every change (the sorted order is reused).
enum FilterEditing {
    static func insert(_ character: Character, _ state: inout AppState) {
        state.filter.append(character)
        ListNavigation.rebuild(&state, resort: false)
    }

    /// One line: line breaks and tabs become spaces, other control characters go.
    static func paste(_ text: String, _ state: inout AppState) {
        let flat = text.unicodeScalars.compactMap { scalar -> Character? in
            if scalar == "\n" || scalar == "\r" || scalar == "\t" { return " " }
            return scalar.value < 32 || scalar.value == 127 ? nil : Character(scalar)
        }
        state.filter.append(contentsOf: flat)
        ListNavigation.rebuild(&state, resort: false)
    }

    static func perform(_ command: Command, _ state: inout AppState) {
        switch command {
        case .startFilter:
            state.screen = .indexes
            state.filterEditing = true
        case .acceptFilter:
            state.filterEditing = false
        case .clearFilter:
            state.filterEditing = false
            clear(&state)
        case .filterBackspace:
            guard !state.filter.isEmpty else { return }
            state.filter.removeLast()
            ListNavigation.rebuild(&state, resort: false)
        default:
            break
        }
    }

    /// Esc in the list (not the prompt) drops a kept filter.
    static func clear(_ state: inout AppState) {
        guard !state.filter.isEmpty else { return }
        state.filter = ""
        ListNavigation.rebuild(&state, resort: false)
    }
}
