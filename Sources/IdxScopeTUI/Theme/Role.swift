/// A semantic element of the UI. Views tag cells with roles; a `Theme` decides what they look
/// like. The raw value is the name used in theme files.
public enum Role: String, CaseIterable, Sendable {
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

    /// What each role is for; shown in the theme documentation and `themes/README`.
    public var purpose: String {
        switch self {
        case .normal: return "ordinary text and the background of every screen"
        case .header: return "the top line (engine, database, version, counts)"
        case .headerLabel: return "labels inside the header (\"db:\", \"indexes:\")"
        case .title: return "column titles and section titles"
        case .selection: return "the selected row"
        case .status: return "the status line (information)"
        case .error: return "errors on the status line and under the query editor"
        case .keyBar: return "the keys in the bottom key bar (F1, F5, q ...)"
        case .keyBarLabel: return "the labels next to those keys"
        case .dim: return "secondary text (unknown values, hints, schema names)"
        case .bar: return "the size bar in the index list"
        case .unused: return "the `unused` badge on indexes with zero scans"
        case .marker: return "the marker of indexes used by the current plan"
        case .group: return "table group lines when grouping by table"
        case .label: return "field labels on the detail screen"
        case .sql: return "generated SQL (DROP INDEX, REINDEX)"
        case .filter: return "the filter prompt and its text"
        case .editor: return "the query editor's text"
        case .fullScan: return "plan steps that read a whole table"
        case .indexFullScan: return "plan steps that read a whole index"
        case .indexSearch: return "plan steps that search an index (or rowid)"
        case .warning: return "temp B-trees, automatic indexes and other warnings"
        }
    }
}
