import Foundation

/// Hides passwords that recorded statement texts carry (pg_stat_statements keeps utility
/// statements as written): `CREATE|ALTER ROLE|USER … [ENCRYPTED] PASSWORD '…'`, `OPTIONS (password
/// '…')` of user mappings and servers, `password=…` inside a connection-string literal
/// (`dblink_connect('… password=…')`) and the password of a `postgres://user:pw@host` URI.
/// Masking more than needed is harmless; showing a password is not.
public enum SecretMask {
    public static let mask = "***"

    /// `PASSWORD` (as a keyword, or as an OPTIONS key) followed by a literal: '…' (quotes
    /// doubled inside), E'…' (backslash escapes) or a dollar-quoted string.
    private static let passwordLiteral = try! NSRegularExpression(pattern: #"""
        (\bpassword\s+)(?:[eE]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|(\$[A-Za-z_0-9]*\$)[\s\S]*?\2)
        """#.trimmingCharacters(in: .whitespacesAndNewlines), options: [.caseInsensitive])
    /// `password=value` of a conninfo string: a quoted value ('…' in the conninfo, which a SQL
    /// literal writes as ''…'') or a word; a `$1` placeholder is no secret.
    private static let conninfoPassword = try! NSRegularExpression(pattern:
        #"(\bpassword\s*=\s*)(?:''(?:[^'\\]|\\.)*?''|'(?:[^'\\]|\\.)*'|[^\s'"$][^\s'"]*)"#, options: [.caseInsensitive])
    /// `scheme://user:password@` of a URI.
    private static let uriPassword = try! NSRegularExpression(pattern:
        #"(\b[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s'"]*:)[^@\s'"/]+(@)"#)

    public static func masked(_ sql: String) -> String {
        guard sql.range(of: "password", options: .caseInsensitive) != nil || sql.contains("://") else { return sql }
        var text = sql
        text = replace(passwordLiteral, in: text, with: "$1'\(mask)'")
        text = replace(conninfoPassword, in: text, with: "$1\(mask)")
        text = replace(uriPassword, in: text, with: "$1\(mask)$2")
        return text
    }

    private static func replace(_ regex: NSRegularExpression, in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
