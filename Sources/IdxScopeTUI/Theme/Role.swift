/// A semantic element of the UI. Views tag cells with roles; a `Theme` decides what they look
/// like. The raw value is the name used in theme files.
enum Role: String, CaseIterable, Sendable {
    case normal
    case header
    case headerLabel = "header_label"
    case title
    case selection
    case status
    case error
    case keyBar = "key_bar"
    case keyBarLabel = "key_bar_label"
    case dim
    case bar
    case unused
    case marker
    case group
    case label
    case sql
    case filter
    case editor
    case fullScan = "full_scan"
    case indexFullScan = "index_full_scan"
    case indexSearch = "index_search"
    case warning
}
