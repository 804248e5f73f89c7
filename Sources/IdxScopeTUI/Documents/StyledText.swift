import IdxScopeCore
import Foundation

/// A run of text with one role; a line of a text view is a list of spans.
struct Span: Equatable, Sendable {
    var text: String
    var role: Role
    init(_ text: String, _ role: Role = .normal) {
        self.text = text
        self.role = role
    }
}

typealias StyledLine = [Span]

/// Measuring and horizontal scrolling of styled lines (the plan pane and the editor share them).
enum StyledText {
    static func width(_ line: StyledLine) -> Int { line.reduce(0) { $0 + $1.text.displayWidth } }

    /// The line's text without roles (search and copy read this).
    static func plain(_ line: StyledLine) -> String { line.map(\.text).joined() }

    /// `line` without its first `columns` columns; a wide character cut in two leaves a space
    /// for its right half so the rest stays in its columns.
    static func dropColumns(_ line: StyledLine, _ columns: Int) -> StyledLine {
        var remaining = columns
        var out: StyledLine = []
        for span in line {
            guard remaining > 0 else { out.append(span); continue }
            var index = span.text.startIndex
            var kept = ""
            while index < span.text.endIndex, remaining > 0 {
                let w = DisplayWidth.of(span.text[index])
                if w > remaining { kept = String(repeating: " ", count: w - remaining) }
                remaining -= min(w, remaining)
                index = span.text.index(after: index)
            }
            let rest = kept + span.text[index...]
            if !rest.isEmpty { out.append(Span(rest, span.role)) }
        }
        return out
    }
}
