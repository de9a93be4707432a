//! The HTML part of a mail, made from its plain text: the same words, with
//! paragraphs, line breaks and links, so both parts always say the same.

use std::fmt::Write;

/// `text` as an HTML document in `language` (`da` or `en`).
pub fn from_text(text: &str, subject: &str, language: &str) -> String {
    let mut body = String::new();
    for paragraph in text.trim().split("\n\n") {
        let lines: Vec<String> = paragraph.lines().map(line).collect();
        let _ = writeln!(body, "<p>{}</p>", lines.join("<br>\n"));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background:#f4f1ec;\">\n\
         <div style=\"max-width:36rem;margin:0 auto;padding:24px 16px;\
         font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
         font-size:16px;line-height:1.5;color:#1f2328;\">\n\
         <div style=\"font-weight:700;font-size:18px;color:#1d4e5f;margin-bottom:16px;\">MUS</div>\n\
         <div style=\"background:#ffffff;border-radius:8px;padding:24px;border:1px solid #e2ddd5;\">\n\
         <h1 style=\"font-size:20px;margin:0 0 16px;\">{title}</h1>\n{body}</div>\n\
         </div>\n</body>\n</html>\n",
        title = escape(subject),
    )
}

/// One line, escaped, with each web address made a link.
fn line(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            if word.starts_with("https://") || word.starts_with("http://") {
                let href = escape(word);
                format!("<a href=\"{href}\" style=\"color:#1d4e5f;\">{href}</a>")
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lines_and_links() {
        let html = from_text(
            "Kære Anne & Bo\n\nSe her:\nhttps://mus.example/a?b=1&c=2\n",
            "Emne <1>",
            "da",
        );
        assert!(html.contains("<html lang=\"da\">"));
        assert!(html.contains("<title>Emne &lt;1&gt;</title>"));
        assert!(html.contains("<p>Kære Anne &amp; Bo</p>"));
        assert!(html.contains(
            "Se her:<br>\n<a href=\"https://mus.example/a?b=1&amp;c=2\" style=\"color:#1d4e5f;\">"
        ));
    }

    #[test]
    fn markup_in_a_name_stays_text() {
        let html = from_text("Kære <script>alert(1)</script>", "x", "en");
        assert!(!html.contains("<script>"));
    }
}
