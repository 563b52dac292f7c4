//! The visitor's WebSocket frames and the conversation's query on generated input, through the
//! real server (the frame parser is private to the socket's module, so its properties go
//! through a socket, as a client's frames do).
//!
//! Any text frame is answered and leaves the socket open; a frame that is not JSON, of an
//! unknown type, or with a field of the wrong JSON type is an `invalid_frame` error; a
//! `message` frame is validated like `POST /api/v1/messages`: the typed error of its first bad
//! field, or an ack that gives its values back, however the client escaped them; a `resume`
//! frame with an integer or no `after` is accepted. `GET /api/v1/conversation?after=…` is read
//! or refused with `invalid_query`, never failed.
//!
//! Each case sends its frame, then a probe (a blank message with a numbered client id, refused
//! without a write): the frames before the probe's refusal are the answer to the case.

#![allow(clippy::unwrap_used, missing_docs)]

// The API tests' harness, used as is: these properties need only part of it.
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use http_api::RateLimit;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};
use ticket_domain::values::{ClientId, DisplayName, Email, MessageText, Page};
use tokio::runtime::Runtime;

use helpers::{spawn_app_with, Received, TestApp, WsClient};

/// Limits no property reaches: the properties send many frames from one address and visitor.
const UNLIMITED: RateLimit = RateLimit {
    burst: 1_000_000,
    per_second: 1_000_000.0,
};

/// The server, one visitor and its socket, driven case by case from synchronous properties.
struct Harness {
    runtime: Runtime,
    app: TestApp,
    token: String,
    socket: RefCell<Option<WsClient>>,
    probes: Cell<u64>,
    /// The message first acked for each client id: a client id sent again (shrinking resends
    /// cases) is acked with that message, not stored twice.
    first_acked: RefCell<HashMap<String, Value>>,
}

impl Harness {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (app, token) = runtime.block_on(async {
            let app = spawn_app_with(
                |config| {
                    config.limits.requests_per_ip = UNLIMITED;
                    config.limits.messages_per_visitor = UNLIMITED;
                },
                None,
            )
            .await;
            let token = app.new_visitor().await;
            (app, token)
        });
        Self {
            runtime,
            app,
            token,
            socket: RefCell::new(None),
            probes: Cell::new(0),
            first_acked: RefCell::new(HashMap::new()),
        }
    }

    /// Sends `frame` on the socket (opened again if an earlier case closed it) and returns the
    /// `ack` and `error` frames that answer it; `Err` with the close frame if the socket closed
    /// instead. Live `message` and `status` frames (the echo of a stored message) are skipped.
    fn answers(&self, frame: &str) -> Result<Vec<Value>, String> {
        let probe = format!("probe-{}", self.probes.get());
        self.probes.set(self.probes.get() + 1);
        let mut slot = self.socket.borrow_mut();
        self.runtime.block_on(async {
            if slot.is_none() {
                *slot = Some(self.app.ws(&self.token).await);
            }
            let socket = slot.as_mut().unwrap();
            socket.send_text(frame).await;
            socket
                .send_json(json!({"type": "message", "text": " ", "client_id": probe}))
                .await;
            let mut answers = Vec::new();
            loop {
                match socket.next().await {
                    Received::Json(answer) if answer["client_id"] == probe.as_str() => {
                        assert_eq!(answer["code"], "invalid_text", "{answer}");
                        return Ok(answers);
                    }
                    Received::Json(answer)
                        if answer["type"] == "ack" || answer["type"] == "error" =>
                    {
                        if let ("ack", Some(id)) = (
                            answer["type"].as_str().unwrap_or_default(),
                            answer["client_id"].as_str(),
                        ) {
                            self.first_acked
                                .borrow_mut()
                                .entry(id.to_owned())
                                .or_insert_with(|| answer["message"].clone());
                        }
                        answers.push(answer);
                    }
                    Received::Json(_live) => {}
                    Received::Closed(close) => {
                        *slot = None;
                        return Err(format!("the socket closed: {close:?}"));
                    }
                }
            }
        })
    }

    /// The text an ack of a message with `text` and `client_id` must carry: that of the
    /// message first acked with that client id (by this ack or an earlier one).
    fn acked_text(&self, client_id: Option<&str>, text: &str, ack: &Value) -> Value {
        let first = self.first_acked.borrow();
        match client_id.and_then(|id| first.get(id)) {
            Some(message) if message["id"] != ack["message"]["id"] => message["text"].clone(),
            _ => Value::from(text),
        }
    }

    /// The status and JSON body of `GET /api/v1/conversation?{query}`.
    fn conversation(&self, query: &str) -> (u16, Value) {
        self.runtime.block_on(async {
            let response = self
                .app
                .client
                .get(self.app.url(&format!("/api/v1/conversation?{query}")))
                .bearer_auth(&self.token)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json().await.unwrap_or(Value::Null))
        })
    }
}

fn run<S: Strategy>(
    cases: u32,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(Config::with_cases(cases));
    if let Err(failure) = runner.run(&strategy, property) {
        panic!("{failure}");
    }
}

/// The only answer to a frame the parser refuses.
fn assert_invalid_frame(answers: &[Value]) -> Result<(), TestCaseError> {
    prop_assert_eq!(answers.len(), 1, "{:?}", answers);
    prop_assert_eq!(&answers[0]["type"], "error");
    prop_assert_eq!(&answers[0]["code"], "invalid_frame");
    prop_assert!(answers[0].get("client_id").is_none());
    Ok(())
}

fn visible_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('!', '~'),
        2 => proptest::char::range('À', 'ÿ'),
        1 => proptest::char::range('א', 'ת'),
        1 => proptest::char::range('一', '龥'),
        2 => proptest::char::range('😀', '🙏'),
    ]
}

/// Words that show, separated by single spaces.
fn visible_text(words: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    vec(
        vec(visible_char(), 1..10).prop_map(String::from_iter),
        words,
    )
    .prop_map(|words| words.join(" "))
}

/// A text of exactly `chars` characters that shows (a generated piece repeated).
fn long_text(chars: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    (vec(visible_char(), 1..20), chars)
        .prop_map(|(piece, chars)| piece.into_iter().cycle().take(chars).collect())
}

/// A JSON value of any type, small.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
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

/// `json` with every non-ASCII character written as `\u` escapes, as some clients send it.
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

/// JSON-looking text: fragments of JSON syntax, the frames' keys and anything else.
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
                "\"type\"",
                "\"message\"",
                "\"resume\"",
                "\"after\"",
                "\"text\"",
                "\"client_id\"",
                " ",
            ][..]
        )
        .prop_map(str::to_owned),
        ".{0,6}",
    ];
    vec(fragment, 0..24).prop_map(|fragments| fragments.concat())
}

/// A member of a frame: absent, `null`, a string, a number, or a value of another type.
#[derive(Debug, Clone)]
enum Member {
    Absent,
    Json(Value),
}

fn member(string: impl Strategy<Value = String> + 'static) -> impl Strategy<Value = Member> {
    prop_oneof![
        3 => Just(Member::Absent),
        1 => Just(Member::Json(Value::Null)),
        6 => string.prop_map(|s| Member::Json(Value::String(s))),
        2 => any_json().prop_map(Member::Json),
    ]
}

impl Member {
    /// What a string member decodes to: `Some(None)` when absent (or `null`, if `nullable`),
    /// `None` when it refuses the frame.
    fn string(&self, nullable: bool) -> Option<Option<String>> {
        match self {
            Self::Absent => Some(None),
            Self::Json(Value::Null) if nullable => Some(None),
            Self::Json(Value::String(s)) => Some(Some(s.clone())),
            Self::Json(_) => None,
        }
    }

    /// Whether an `after` member is accepted: absent, `null` or an integer that fits an `i64`.
    fn is_after(&self) -> bool {
        match self {
            Self::Absent | Self::Json(Value::Null) => true,
            Self::Json(Value::Number(n)) => n.is_i64(),
            Self::Json(_) => false,
        }
    }
}

/// A client frame: its `type`, the members of both frames, and whether it is escaped.
#[derive(Debug, Clone)]
struct Frame {
    kind: Member,
    text: Member,
    client_id: Member,
    page: Member,
    name: Member,
    email: Member,
    after: Member,
    escaped: bool,
}

fn frame() -> impl Strategy<Value = Frame> {
    let kind = prop_oneof![
        4 => Just(Member::Json(json!("message"))),
        2 => Just(Member::Json(json!("resume"))),
        1 => Just(Member::Json(json!("Message"))),
        1 => member("[a-z]{0,8}"),
    ];
    let text = prop_oneof![
        4 => visible_text(1..8),
        1 => Just(" \n\t".to_owned()),
        1 => Just("\u{200b}\u{200d}".to_owned()),
        1 => any::<String>(),
    ];
    let client_id =
        prop_oneof![3 => "[!-~]{1,64}", 1 => "[!-~]{65,70}", 1 => Just(" a".to_owned())];
    let page = prop_oneof![3 => "/[a-z0-9/]{0,20}", 1 => Just(" ".to_owned())];
    let name = prop_oneof![3 => visible_text(1..3), 1 => Just("\u{3164}".to_owned())];
    let email = prop_oneof![3 => "[a-z]{1,8}@[a-z]{1,8}\\.fr", 1 => "[a-z@.]{0,8}"];
    let after = prop_oneof![
        2 => Just(Member::Absent),
        1 => Just(Member::Json(Value::Null)),
        3 => any::<i64>().prop_map(|n| Member::Json(json!(n))),
        1 => (i64::MAX as u64 + 1..=u64::MAX).prop_map(|n| Member::Json(json!(n))),
        2 => any_json().prop_map(Member::Json),
    ];
    (
        kind,
        (
            member(text),
            member(client_id),
            member(page),
            member(name),
            member(email),
        ),
        after,
        any::<bool>(),
    )
        .prop_map(
            |(kind, (text, client_id, page, name, email), after, escaped)| Frame {
                kind,
                text,
                client_id,
                page,
                name,
                email,
                after,
                escaped,
            },
        )
}

impl Frame {
    fn json(&self) -> String {
        let mut object = Map::new();
        let members = [
            ("type", &self.kind),
            ("text", &self.text),
            ("client_id", &self.client_id),
            ("page", &self.page),
            ("name", &self.name),
            ("email", &self.email),
            ("after", &self.after),
        ];
        for (key, member) in members {
            if let Member::Json(value) = member {
                object.insert(key.to_owned(), value.clone());
            }
        }
        let json = Value::Object(object).to_string();
        if self.escaped {
            escape_non_ascii(&json)
        } else {
            json
        }
    }
}

/// What the server must answer to a `message` frame whose members decoded to `fields`: the
/// code of the first field the domain refuses, or `None` for an ack.
fn refusal(fields: &[Option<String>; 5]) -> Option<&'static str> {
    let [text, client_id, page, name, email] = fields;
    if MessageText::new(text.as_deref().unwrap_or_default()).is_err() {
        return Some("invalid_text");
    }
    let refuses = |value: &Option<String>, valid: &dyn Fn(&str) -> bool| {
        value.as_deref().is_some_and(|v| !valid(v))
    };
    if refuses(client_id, &|v| ClientId::new(v).is_ok()) {
        Some("invalid_client_id")
    } else if refuses(page, &|v| Page::new(v).is_ok()) {
        Some("invalid_page")
    } else if refuses(name, &|v| DisplayName::new(v).is_ok()) {
        Some("invalid_name")
    } else if refuses(email, &|v| Email::new(v).is_ok()) {
        Some("invalid_email")
    } else {
        None
    }
}

#[test]
fn any_text_frame_is_answered_and_leaves_the_socket_open() {
    let harness = Harness::start();
    let raw = prop_oneof![any::<String>(), json_like(), frame().prop_map(|f| f.json())];
    run(256, raw, |raw| {
        let answers = harness.answers(&raw).map_err(TestCaseError::fail)?;

        if serde_json::from_str::<Value>(&raw).is_err() {
            assert_invalid_frame(&answers)?;
        } else {
            prop_assert!(answers.len() <= 1, "{:?}", answers);
        }
        Ok(())
    });
}

#[test]
fn a_frame_is_refused_for_its_shape_or_its_first_bad_field_else_accepted() {
    let harness = Harness::start();
    run(256, frame(), |frame| {
        let answers = harness
            .answers(&frame.json())
            .map_err(TestCaseError::fail)?;

        let kind = match &frame.kind {
            Member::Json(Value::String(kind)) => kind.as_str(),
            _ => "",
        };
        match kind {
            "resume" if frame.after.is_after() => prop_assert!(answers.is_empty(), "{:?}", answers),
            "message" => {
                let decoded = [
                    frame.text.string(false),
                    frame.client_id.string(true),
                    frame.page.string(true),
                    frame.name.string(true),
                    frame.email.string(true),
                ];
                let Some(fields) = decoded.into_iter().collect::<Option<Vec<_>>>() else {
                    return assert_invalid_frame(&answers);
                };
                let fields: [Option<String>; 5] = fields.try_into().unwrap();
                prop_assert_eq!(answers.len(), 1, "{:?}", answers);
                let answer = &answers[0];
                let client_id = fields[1].as_deref().map_or(Value::Null, Value::from);
                prop_assert_eq!(&answer["client_id"], &client_id);
                match refusal(&fields) {
                    Some(code) => {
                        prop_assert_eq!(&answer["type"], "error");
                        prop_assert_eq!(&answer["code"], code);
                    }
                    None => {
                        let text = MessageText::new(fields[0].as_deref().unwrap()).unwrap();
                        prop_assert_eq!(&answer["type"], "ack");
                        let expected =
                            harness.acked_text(fields[1].as_deref(), text.as_str(), answer);
                        prop_assert_eq!(&answer["message"]["text"], &expected);
                        prop_assert_eq!(&answer["message"]["author"], "visitor");
                    }
                }
            }
            _ => assert_invalid_frame(&answers)?,
        }
        Ok(())
    });
}

#[test]
fn a_valid_message_of_up_to_4000_characters_is_acked_with_its_values_however_escaped() {
    let harness = Harness::start();
    let message = (
        prop_oneof![2 => visible_text(1..20), 1 => long_text(1..=4_000), 1 => long_text(4_000..=4_000)],
        proptest::option::of("[!-~]{1,64}"),
        proptest::option::of("/[a-z0-9/é]{0,40}"),
        proptest::option::of(visible_text(1..4)),
        any::<bool>(),
    );
    run(64, message, |(text, client_id, page, name, escaped)| {
        let mut frame = json!({"type": "message", "text": text});
        for (key, value) in [("client_id", &client_id), ("page", &page), ("name", &name)] {
            if let Some(value) = value {
                frame[key] = json!(value);
            }
        }
        let frame = if escaped {
            escape_non_ascii(&frame.to_string())
        } else {
            frame.to_string()
        };

        let answers = harness.answers(&frame).map_err(TestCaseError::fail)?;

        prop_assert_eq!(answers.len(), 1, "{:?}", answers);
        let ack = &answers[0];
        prop_assert_eq!(&ack["type"], "ack", "{}", ack);
        let expected = harness.acked_text(client_id.as_deref(), &text, ack);
        prop_assert_eq!(&ack["message"]["text"], &expected);
        prop_assert_eq!(&ack["message"]["author"], "visitor");
        prop_assert_eq!(
            &ack["client_id"],
            &client_id.map_or(Value::Null, Value::from)
        );
        prop_assert!(ack["ticket"].as_str().is_some_and(|t| t.starts_with('T')));
        Ok(())
    });
}

#[test]
fn the_conversations_after_is_read_when_it_is_an_integer_and_refused_otherwise() {
    let harness = Harness::start();
    let after = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (i64::MAX as u64 + 1..=u64::MAX).prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        Just(String::new()),
        any::<String>(),
    ];
    run(256, after, |after| {
        let encoded: String = after.bytes().map(|b| format!("%{b:02X}")).collect();

        let (status, body) = harness.conversation(&format!("after={encoded}"));

        if after.parse::<i64>().is_ok() {
            prop_assert_eq!(status, 200, "{}", body);
            prop_assert!(body["messages"].is_array());
        } else {
            prop_assert_eq!(status, 400, "{}", body);
            prop_assert_eq!(&body["error"]["code"], "invalid_query");
        }
        Ok(())
    });
}
