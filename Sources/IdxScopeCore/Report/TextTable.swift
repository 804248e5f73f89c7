/// An aligned plain-text table for the CLI reports: columns sized to content, one flexible
/// column shrunk first so the table fits `maxWidth` (80 by default, like a terminal).
public struct TextTable {
    public struct Column {
        public var title: String
        public var alignRight: Bool
        /// Shrinks (with "…") before the others when the table is too wide.
        public var flexible: Bool
        public init(_ title: String, alignRight: Bool = false, flexible: Bool = false) {
            self.title = title
            self.alignRight = alignRight
            self.flexible = flexible
        }
    }

    public var columns: [Column]
    public var rows: [[String]] = []

    public init(columns: [Column]) { self.columns = columns }

    public mutating func add(_ row: [String]) { rows.append(row.map { $0.escapingControlCharacters() }) }

    public func render(maxWidth: Int? = 80) -> String {
        var widths = columns.indices.map { index in
            rows.reduce(DisplayWidth.of(columns[index].title)) { max($0, DisplayWidth.of($1[index])) }
        }
        let gap = 2
        if let maxWidth {
            var total = widths.reduce(0, +) + gap * (columns.count - 1)
            // Shrink flexible columns, widest first, down to their title width (min 8).
            while total > maxWidth {
                let candidates = columns.indices.filter {
                    columns[$0].flexible && widths[$0] > max(8, DisplayWidth.of(columns[$0].title))
                }
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
                total -= 1
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                let padded = cell.padded(to: widths[index], alignRight: columns[index].alignRight)
                parts.append(isLast && !columns[index].alignRight ? cell.clipped(to: widths[index], ellipsis: true) : padded)
            }
            return parts.joined(separator: String(repeating: " ", count: gap))
        }
        var lines = [line(columns.map(\.title))]
        lines.append(line(widths.map { String(repeating: "─", count: $0) }))
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
