/// ←/→ on the index list, as in pspg: scrolled right, the list is laid out with every column
/// and text at full width and the screen shows a window of it; back at 0 it fits the screen.
enum ListScrolling {
    static let step = 8

    /// How far the full-width list can scroll: its overflow, rounded up to whole steps.
    static func maxLeft(_ state: AppState) -> Int {
        let overflow = max(0, IndexColumns.naturalWidth(state) - state.width)
        return (overflow + step - 1) / step * step
    }

    static func scroll(right: Bool, _ state: inout AppState) {
        let limit = maxLeft(state)
        guard limit > 0 else {
            if right { state.status = StatusMessage("every column is shown in full: nothing to scroll") }
            return
        }
        state.listLeft = max(0, min(state.listLeft + (right ? step : -step), limit))
    }

    /// After a resize (or a reload) the window stays within the list.
    static func clamp(_ state: inout AppState) {
        state.listLeft = min(state.listLeft, maxLeft(state))
    }
}
