//! The decoding of a visitor's message (`POST /api/v1/messages` and the socket's `message`
//! frame share [`MessageInput`]) on generated input. Any body decodes or is refused without
//! panicking; a field of the wrong JSON type refuses the body; a decoded message validates
//! exactly as the domain's value objects say, field by field, with the first bad field's typed
//! error; and valid values come out as they went in, however the client escaped them.
//!
//! The socket's own frame parser (`ws::frames`) is private to its module: its properties run
//! through a real socket, in `tests/frame_properties`.

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};
use ticket_domain::service::VisitorMessage;
use ticket_domain::ticket::Device;
use ticket_domain::values::{ClientId, DisplayName, Email, MessageText, Page};

use crate::error::ApiError;
use crate::wire::MessageInput;

/// A character that shows, from many scripts, emoji (outside the Basic Multilingual Plane)
/// and combining accents.
fn visible_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('!', '~'),
        2 => proptest::char::range('À', 'ÿ'),
        1 => proptest::char::range('א', 'ת'),
        1 => proptest::char::range('ء', 'ي'),
        1 => proptest::char::range('一', '龥'),
        2 => proptest::char::range('😀', '🙏'),
        // Combining marks, but the grapheme joiner U+034F, which draws nothing.
        1 => proptest::char::range('\u{300}', '\u{34e}'),
        1 => proptest::char::range('\u{350}', '\u{36f}'),
    ]
}

/// Words that show, separated by spaces and line breaks, `words` of them.
fn visible_text(words: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    visible_words(words, &[" ", "\n", " \t "])
}

/// Words that show, separated by spaces (a name is one line).
fn visible_name(words: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    visible_words(words, &[" "])
}

fn visible_words(
    words: std::ops::Range<usize>,
    separators: &'static [&'static str],
) -> impl Strategy<Value = String> {
    vec((vec(visible_char(), 1..10), select(separators)), words).prop_map(|words| {
        let mut text = String::new();
        for (word, separator) in words {
            if !text.is_empty() {
                text.push_str(separator);
            }
            text.extend(word);
        }
        text
    })
}

/// `piece` repeated to `chars` characters, white space at the end trimmed (a long text
/// without generating each character).
fn repeated(
    piece: impl Strategy<Value = String>,
    chars: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = String> {
    (piece, chars).prop_map(|(piece, chars)| {
        let piece = if piece.is_empty() {
            "a".to_owned()
        } else {
            piece
        };
        let text: String = piece.chars().cycle().take(chars).collect();
        text.trim_end().to_owned()
    })
}

/// Characters that show nothing or that a client should not send: white space, zero-width
/// characters, bidirectional controls, C0 and C1 controls.
fn troublesome_char() -> impl Strategy<Value = char> {
    select(
        &[
            ' ', '\t', '\n', '\r', '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}',
            '\u{ad}', '\u{200b}', '\u{200d}', '\u{200e}', '\u{202e}', '\u{2066}', '\u{2069}',
            '\u{2028}', '\u{3000}', '\u{3164}', '\u{feff}',
        ][..],
    )
}

/// A message text: valid ones (short, and up to the limit), blank-looking ones, too long ones,
/// and anything at all.
fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => visible_text(1..12),
        1 => repeated(visible_text(1..4), 3_990..=4_010),
        1 => vec(troublesome_char(), 0..8).prop_map(String::from_iter),
        1 => (vec(troublesome_char(), 0..3), visible_text(1..3), vec(troublesome_char(), 0..3))
            .prop_map(|(before, text, after)| {
                before.into_iter().chain(text.chars()).chain(after).collect()
            }),
        2 => any::<String>(),
    ]
}

/// A client id: valid (printable ASCII, 1 to 64), empty, too long, with a space or non-ASCII.
fn client_id_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[!-~]{1,64}",
        1 => "[!-~]{65,80}",
        1 => Just(String::new()),
        1 => "[!-~]{0,10} [!-~]{0,10}",
        1 => any::<String>(),
    ]
}

/// A page: a path, a URL, blank, too long, or anything.
fn page_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "/[a-zA-Z0-9/_.é-]{0,40}",
        1 => "https://shop\\.example\\.com/[a-z/]{0,20}\\?q=[a-z]{0,5}",
        1 => repeated("/[a-z]{1,9}", 2_040..=2_060),
        1 => vec(troublesome_char(), 0..4).prop_map(String::from_iter),
        1 => any::<String>(),
    ]
}

/// A visitor's name: a plausible one, too long, blank-looking, with controls, or anything.
fn name_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => visible_name(1..4),
        1 => repeated(visible_name(1..3), 95..=110),
        1 => (troublesome_char(), visible_name(1..3), troublesome_char())
            .prop_map(|(before, name, after)| format!("{before}{name}{after}")),
        1 => vec(troublesome_char(), 0..4).prop_map(String::from_iter),
        1 => any::<String>(),
    ]
}

/// An e-mail address: a plausible one, a broken one, or anything.
fn email_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9._+-]{1,20}@[a-z0-9-]{1,20}\\.[a-z]{2,6}",
        1 => "[a-z]{0,5}@?[a-z]{0,5}\\.?",
        1 => "[a-z]{64,70}@example\\.com",
        1 => any::<String>(),
    ]
}

/// A JSON value of any type, small.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map("[a-z]{1,4}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A field of the body: absent, `null`, a string made by `string`, or a value of another type.
#[derive(Debug, Clone)]
enum Field {
    Absent,
    Null,
    Text(String),
    Other(Value),
}

impl Field {
    /// The value a body with this field decodes to, or `None` if the field refuses the body.
    /// `nullable`: whether `null` means absent (every field but `text`).
    fn decoded(&self, nullable: bool) -> Option<Option<String>> {
        match self {
            Self::Absent => Some(None),
            Self::Null if nullable => Some(None),
            Self::Null => None,
            Self::Text(text) => Some(Some(text.clone())),
            Self::Other(_) => None,
        }
    }
}

fn field(string: impl Strategy<Value = String> + 'static) -> impl Strategy<Value = Field> {
    prop_oneof![
        2 => Just(Field::Absent),
        1 => Just(Field::Null),
        6 => string.prop_map(Field::Text),
        1 => any_json()
            .prop_filter("not a string or null", |v| !v.is_string() && !v.is_null())
            .prop_map(Field::Other),
    ]
}

/// A body of `POST /api/v1/messages` (or the fields of a `message` frame): the five fields,
/// keys the API does not know, and whether non-ASCII characters are written as `\u` escapes.
#[derive(Debug, Clone)]
struct Body {
    text: Field,
    client_id: Field,
    page: Field,
    name: Field,
    email: Field,
    unknown: Vec<(String, Value)>,
    escaped: bool,
}

fn body() -> impl Strategy<Value = Body> {
    (
        field(text_value()),
        field(client_id_value()),
        field(page_value()),
        field(name_value()),
        field(email_value()),
        vec(("[a-z_]{1,10}", any_json()), 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(text, client_id, page, name, email, unknown, escaped)| Body {
                text,
                client_id,
                page,
                name,
                email,
                unknown,
                escaped,
            },
        )
}

const FIELDS: [&str; 5] = ["text", "client_id", "page", "name", "email"];

impl Body {
    fn fields(&self) -> [&Field; 5] {
        [
            &self.text,
            &self.client_id,
            &self.page,
            &self.name,
            &self.email,
        ]
    }

    /// The JSON text a client would send.
    fn json(&self) -> String {
        let mut object = Map::new();
        for (key, value) in &self.unknown {
            if !FIELDS.contains(&key.as_str()) {
                object.insert(key.clone(), value.clone());
            }
        }
        for (key, field) in FIELDS.iter().zip(self.fields()) {
            match field {
                Field::Absent => {}
                Field::Null => {
                    object.insert((*key).to_owned(), Value::Null);
                }
                Field::Text(text) => {
                    object.insert((*key).to_owned(), Value::String(text.clone()));
                }
                Field::Other(value) => {
                    object.insert((*key).to_owned(), value.clone());
                }
            }
        }
        let json = Value::Object(object).to_string();
        if self.escaped {
            escape_non_ascii(&json)
        } else {
            json
        }
    }

    /// The decoded fields, or `None` if a field of the wrong type refuses the body.
    fn decoded(&self) -> Option<[Option<String>; 5]> {
        Some([
            self.text.decoded(false)?,
            self.client_id.decoded(true)?,
            self.page.decoded(true)?,
            self.name.decoded(true)?,
            self.email.decoded(true)?,
        ])
    }
}

/// `json` with every non-ASCII character written as `\u` escapes (a surrogate pair for those
/// outside the Basic Multilingual Plane), as some clients send it. Non-ASCII characters only
/// occur inside strings, where an escape means the same character.
fn escape_non_ascii(json: &str) -> String {
    let mut escaped = String::with_capacity(json.len() * 2);
    for c in json.chars() {
        if c.is_ascii() {
            escaped.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    escaped
}

/// What validating the decoded fields must give: the domain's values, or the stable code and
/// the message of the first field (in the order text, client id, page, name, e-mail) that the
/// domain refuses.
fn expected(
    fields: &[Option<String>; 5],
    device: Option<Device>,
) -> Result<VisitorMessage, (&'static str, String)> {
    let [text, client_id, page, name, email] = fields;
    let refused =
        |code: &'static str| move |error: &dyn std::fmt::Display| (code, error.to_string());
    Ok(VisitorMessage {
        text: MessageText::new(text.as_deref().unwrap_or_default())
            .map_err(|e| refused("invalid_text")(&e))?,
        client_id: client_id
            .as_deref()
            .map(ClientId::new)
            .transpose()
            .map_err(|e| refused("invalid_client_id")(&e))?,
        page: page
            .as_deref()
            .map(Page::new)
            .transpose()
            .map_err(|e| refused("invalid_page")(&e))?,
        device,
        name: name
            .as_deref()
            .map(DisplayName::new)
            .transpose()
            .map_err(|e| refused("invalid_name")(&e))?,
        email: email
            .as_deref()
            .map(Email::new)
            .transpose()
            .map_err(|e| refused("invalid_email")(&e))?,
    })
}

fn device() -> impl Strategy<Value = Option<Device>> {
    proptest::option::of(select(vec![
        Device::Mobile,
        Device::Tablet,
        Device::Desktop,
    ]))
}

/// JSON-looking text: fragments of JSON syntax, keys of the API and anything else, in any order.
fn json_like() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        select(
            &[
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "\"",
                "\\",
                "\\u",
                "\\ud83d",
                "null",
                "true",
                "1e999",
                "-0",
                "\"text\"",
                "\"client_id\"",
                "\"type\"",
                "\"message\"",
                "\"page\"",
                "\"name\"",
                "\"email\"",
                " ",
            ][..]
        )
        .prop_map(str::to_owned),
        ".{0,6}",
    ];
    vec(fragment, 0..24).prop_map(|fragments| fragments.concat())
}

proptest! {
    #[test]
    fn any_body_is_decoded_or_refused_without_panicking(
        raw in prop_oneof![any::<String>(), json_like(), body().prop_map(|b| b.json())],
        device in device(),
    ) {
        if let Ok(input) = serde_json::from_str::<MessageInput>(&raw) {
            let _ = input.validate(device);
        }
    }

    #[test]
    fn a_field_of_the_wrong_type_refuses_the_body_and_any_other_body_decodes(body in body()) {
        let decoded = serde_json::from_str::<MessageInput>(&body.json());

        match body.decoded() {
            None => prop_assert!(decoded.is_err(), "{decoded:?}"),
            Some([text, client_id, page, name, email]) => {
                let input = decoded.unwrap();
                prop_assert_eq!(input.text, text.unwrap_or_default());
                prop_assert_eq!(input.client_id, client_id);
                prop_assert_eq!(input.page, page);
                prop_assert_eq!(input.name, name);
                prop_assert_eq!(input.email, email);
            }
        }
    }

    #[test]
    fn a_decoded_body_validates_as_the_domain_says_with_the_first_bad_fields_error(
        body in body().prop_filter("decodes", |body| body.decoded().is_some()),
        device in device(),
    ) {
        let fields = body.decoded().unwrap();
        let input: MessageInput = serde_json::from_str(&body.json()).unwrap();

        let validated = input.validate(device);

        match expected(&fields, device) {
            Ok(message) => prop_assert_eq!(validated.unwrap(), message),
            Err((code, message)) => {
                let error: ApiError = validated.unwrap_err();
                prop_assert_eq!(error.code(), code);
                prop_assert_eq!(error.to_string(), message);
            }
        }
    }

    #[test]
    fn a_valid_message_comes_out_as_it_went_in_however_it_was_escaped(
        text in prop_oneof![4 => visible_text(1..30), 1 => repeated(visible_text(1..4), 1..=4_000)],
        client_id in proptest::option::of("[!-~]{1,64}"),
        page in proptest::option::of("/[a-zA-Z0-9/_.é-]{0,40}"),
        name in proptest::option::of(visible_name(1..4)),
        email in proptest::option::of("[a-z0-9._+-]{1,20}@[a-z0-9]{1,20}\\.[a-z]{2,6}"),
        escaped in any::<bool>(),
        device in device(),
    ) {
        let field = |value: &Option<String>| match value {
            Some(value) => Field::Text(value.clone()),
            None => Field::Absent,
        };
        let body = Body {
            text: Field::Text(text.clone()),
            client_id: field(&client_id),
            page: field(&page),
            name: field(&name),
            email: field(&email),
            unknown: vec![("type".to_owned(), Value::from("message"))],
            escaped,
        };
        let email = email.filter(|e| Email::new(e).is_ok());
        let body = Body { email: field(&email), ..body };

        let message = serde_json::from_str::<MessageInput>(&body.json())
            .unwrap()
            .validate(device)
            .unwrap();

        prop_assert_eq!(message.text.as_str(), text.as_str());
        prop_assert_eq!(message.client_id.as_ref().map(ClientId::as_str), client_id.as_deref());
        prop_assert_eq!(message.page.as_ref().map(Page::as_str), page.as_deref());
        prop_assert_eq!(message.name.as_ref().map(DisplayName::as_str), name.as_deref());
        prop_assert_eq!(message.email.as_ref().map(Email::as_str), email.as_deref());
        prop_assert_eq!(message.device, device);
    }
}

proptest! {
    #[test]
    fn a_text_of_at_most_4000_characters_that_shows_is_accepted_whatever_isolates_it_opens(
        isolates in vec(select(&['\u{2066}', '\u{2067}', '\u{2068}'][..]), 1..4),
        body in repeated(visible_text(1..4), 1..=4_000),
    ) {
        let body: String = body.chars().take(4_000 - isolates.len()).collect();
        let text: String = isolates.into_iter().chain(body.chars()).collect();
        let input = MessageInput { text, ..MessageInput::default() };

        let validated = input.validate(None);

        prop_assert!(validated.is_ok(), "{:?}", validated.err());
    }
}
