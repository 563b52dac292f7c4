//! `GET /api/v1/ws`: live frames, resume, acks, errors, refusals.

use serde_json::{json, Value};
use ticket_domain::ports::{VisitorChannel, VisitorEvent};
use ticket_domain::ticket::{Status, TicketNumber};

use http_api::MAX_MESSAGE_JSON_BYTES;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{is_message, message_ids, spawn_app, spawn_app_with, Received, WsClient};

#[tokio::test]
async fn an_operator_reply_reaches_the_visitors_socket() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    app.say(&token, "Bonjour").await;
    let mut ws = app.ws(&token).await;

    app.operator_replies("T1001", "Bonjour ! Comment puis-je aider ?")
        .await;

    let frame = ws.next_json().await;
    assert_eq!(frame["type"], "message");
    assert_eq!(frame["ticket"], "T1001");
    assert_eq!(frame["message"]["author"], "operator");
    assert_eq!(
        frame["message"]["text"],
        "Bonjour ! Comment puis-je aider ?"
    );
    let status = ws.next_json().await;
    assert_eq!(
        status,
        json!({"type": "status", "ticket": "T1001", "status": "pending"})
    );
}

#[tokio::test]
async fn every_tab_of_the_visitor_gets_every_frame() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    app.say(&token, "Bonjour").await;
    let mut tab1 = app.ws(&token).await;
    let mut tab2 = app.ws(&token).await;
    app.wait_for_sockets(2).await;

    app.operator_replies("T1001", "Réponse").await;
    app.say(&token, "Depuis un autre onglet").await;

    for tab in [&mut tab1, &mut tab2] {
        let frames = tab.until(|f| is_message(f, "Depuis un autre onglet")).await;
        assert!(is_message(&frames[0], "Réponse"), "{frames:?}");
    }
}

#[tokio::test]
async fn another_visitors_socket_gets_nothing() {
    let app = spawn_app().await;
    let alice = app.new_visitor().await;
    let bob = app.new_visitor().await;
    let mut bobs = app.ws(&bob).await;

    app.say(&alice, "pour Alice seulement").await;
    app.say(&bob, "Bob").await;

    let frame = bobs.next_json().await;
    assert!(is_message(&frame, "Bob"), "{frame}");
}

#[tokio::test]
async fn a_message_sent_on_the_socket_is_acked_and_stored() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let mut ws = app.ws(&token).await;

    ws.send_json(
        json!({"type": "message", "text": "Par le socket", "client_id": "ws-1", "page": "/"}),
    )
    .await;

    let ack = ws.next_json().await;
    assert_eq!(ack["type"], "ack");
    assert_eq!(ack["client_id"], "ws-1");
    assert_eq!(ack["ticket"], "T1001");
    assert_eq!(ack["message"]["text"], "Par le socket");
    let echo = ws.next_json().await;
    assert!(is_message(&echo, "Par le socket"));
    assert_eq!(echo["message"]["id"], ack["message"]["id"]);
    assert_eq!(app.notifier.count(), 1);
    let conversation: Value = app.conversation(&token, None).await.json().await.unwrap();
    assert_eq!(conversation["messages"][0]["text"], "Par le socket");
}

#[tokio::test]
async fn a_bad_frame_gets_an_error_frame_and_the_socket_stays_open() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let mut ws = app.ws(&token).await;

    ws.send_text("this is not json").await;
    let error = ws.next_json().await;
    assert_eq!(error["type"], "error");
    assert_eq!(error["code"], "invalid_frame");

    ws.send_json(json!({"type": "message", "text": " ", "client_id": "blank"}))
        .await;
    let error = ws.next_json().await;
    assert_eq!(error["code"], "invalid_text");
    assert_eq!(error["client_id"], "blank");

    ws.send_binary(vec![1, 2, 3]).await;
    assert_eq!(ws.next_json().await["code"], "invalid_frame");

    ws.send_json(json!({"type": "message", "text": "still here"}))
        .await;
    assert_eq!(ws.next_json().await["type"], "ack");
    assert_eq!(app.notifier.count(), 1);
}

#[tokio::test]
async fn resume_replays_exactly_the_missed_messages_then_goes_live() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let seen = app.say(&token, "vu").await["message"]["id"]
        .as_i64()
        .unwrap();
    let ws = app.ws(&token).await;
    ws.close().await;
    app.wait_for_sockets(0).await;
    app.operator_replies("T1001", "manqué 1").await;
    app.say(&token, "manqué 2").await;
    let stored: Value = app
        .conversation(&token, Some(seen))
        .await
        .json()
        .await
        .unwrap();
    let mut expected: Vec<i64> = stored["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(expected.len(), 2);

    let mut ws = app.ws(&token).await;
    ws.send_json(json!({"type": "resume", "after": seen})).await;
    app.operator_replies("T1001", "en direct").await;
    app.operator_replies("T1001", "fin").await;

    let frames = ws.until(|f| is_message(f, "fin")).await;
    let stored: Value = app
        .conversation(&token, Some(seen))
        .await
        .json()
        .await
        .unwrap();
    let all: Vec<i64> = stored["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    expected.extend(&all[2..]);
    assert_eq!(
        message_ids(&frames),
        expected,
        "no gap, no duplicate: {frames:?}"
    );
}

#[tokio::test]
async fn resume_without_after_replays_everything() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    app.say(&token, "un").await;
    app.say(&token, "deux").await;
    let mut ws = app.ws(&token).await;

    ws.send_json(json!({"type": "resume", "after": 0})).await;

    let frames = ws.until(|f| f["type"] == "status").await;
    assert_eq!(message_ids(&frames).len(), 2);
    assert_eq!(frames.last().unwrap()["status"], "open");
}

#[tokio::test]
async fn closing_the_ticket_sends_a_note_and_a_status_frame() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    app.say(&token, "Bonjour").await;
    let mut ws = app.ws(&token).await;

    app.operator_closes("T1001").await;

    let note = ws.next_json().await;
    assert_eq!(note["message"]["author"], "system");
    let status = ws.next_json().await;
    assert_eq!(
        status,
        json!({"type": "status", "ticket": "T1001", "status": "closed"})
    );
}

#[tokio::test]
async fn a_missing_or_forged_token_is_refused_before_the_upgrade() {
    let app = spawn_app().await;
    for token in ["", "forged", &"a".repeat(64)] {
        let Err((status, body)) = app.ws_with_origin(token, None).await else {
            panic!("{token:?} was accepted");
        };
        assert_eq!(status, 401);
        assert_eq!(body["error"]["code"], "unauthorized");
    }
    assert_eq!(app.hub.connection_count(), 0);
}

#[tokio::test]
async fn a_page_from_another_origin_is_refused() {
    let app = spawn_app_with(
        |config| config.allowed_origins = vec!["https://shop.example.com".into()],
        None,
    )
    .await;
    let token = app.new_visitor().await;

    let Err((status, body)) = app
        .ws_with_origin(&token, Some("https://evil.example"))
        .await
    else {
        panic!("a foreign origin was accepted");
    };
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "origin_not_allowed");
    assert!(app
        .ws_with_origin(&token, Some("https://shop.example.com"))
        .await
        .is_ok());
    let own = app.base.clone();
    assert!(app.ws_with_origin(&token, Some(&own)).await.is_ok());
}

#[tokio::test]
async fn socket_messages_share_the_visitors_rate_limit() {
    let app = spawn_app_with(
        |config| {
            config.limits.messages_per_visitor.burst = 1;
            config.limits.messages_per_visitor.per_second = 0.01;
        },
        None,
    )
    .await;
    let token = app.new_visitor().await;
    app.say(&token, "par HTTP").await;
    let mut ws = app.ws(&token).await;

    ws.send_json(json!({"type": "message", "text": "par le socket", "client_id": "x"}))
        .await;

    let frames = ws.until(|f| f["type"] == "error").await;
    let error = frames.last().unwrap();
    assert_eq!(error["code"], "rate_limited");
    assert_eq!(error["client_id"], "x");
    assert!(error["retry_after"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn shutting_down_closes_every_socket_with_a_reason() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let mut ws = app.ws(&token).await;
    app.wait_for_sockets(1).await;

    app.hub.close_all();

    let Received::Closed(Some(frame)) = ws.next().await else {
        panic!("no close frame");
    };
    assert_eq!(u16::from(frame.code), 1001);
    assert!(frame.reason.contains("shutting down"));
    let Err((status, _)) = app.ws_with_origin(&token, None).await else {
        panic!("a socket was accepted after close_all");
    };
    assert_eq!(status, 503);
    app.handle.stop(true).await;
    assert!(app.client.get(app.url("/healthz")).send().await.is_err());
}

#[tokio::test]
async fn a_socket_that_cannot_keep_up_is_closed_with_a_reason() {
    let app = spawn_app_with(|config| config.limits.socket_queue = 1, None).await;
    let token = app.new_visitor().await;
    let visitor = app.visitor_id(&token);
    let mut ws = app.ws(&token).await;
    app.wait_for_sockets(1).await;
    let event = VisitorEvent::Status {
        ticket: TicketNumber::new(1001).unwrap(),
        status: Status::Open,
    };

    for _ in 0..100_000 {
        app.hub.push(visitor, event.clone());
    }

    let frame = loop {
        match ws.next().await {
            Received::Json(_) => continue,
            Received::Closed(frame) => break frame,
        }
    };
    // The close frame says why; on a loaded machine the TCP reset that follows a flood can
    // discard it before the client reads it, and then the disconnection itself is the answer.
    if let Some(frame) = frame {
        assert_eq!(u16::from(frame.code), 1013);
        assert!(frame.reason.contains("too slow"));
    }
    app.wait_for_sockets(0).await;
}

#[tokio::test]
async fn a_frame_over_the_size_limit_closes_the_socket() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let mut ws = app.ws(&token).await;

    ws.send_text(&"a".repeat(MAX_MESSAGE_JSON_BYTES + 1)).await;

    let Received::Closed(Some(frame)) = ws.next().await else {
        panic!("no close frame");
    };
    assert_eq!(u16::from(frame.code), 1009);
}

#[tokio::test]
async fn a_frame_of_four_thousand_escaped_emoji_is_acked() {
    let app = spawn_app().await;
    let token = app.new_visitor().await;
    let mut ws = app.ws(&token).await;
    let frame = format!(
        r#"{{"type": "message", "client_id": "emoji", "text": "{}"}}"#,
        r"\ud83d\ude00".repeat(4_000)
    );

    ws.send_text(&frame).await;

    let ack = ws
        .until(|f| f["type"] == "ack" || f["type"] == "error")
        .await;
    let ack = ack.last().unwrap();
    assert_eq!(ack["type"], "ack", "{ack}");
    assert_eq!(
        ack["message"]["text"].as_str().unwrap().chars().count(),
        4_000
    );
}

/// Sends `frame` until the server closes the socket; the close frame it got.
async fn flood(ws: &mut WsClient, frame: Message) -> Option<(u16, String)> {
    for _ in 0..50 {
        if !ws.try_send(frame.clone()).await {
            break;
        }
    }
    loop {
        match ws.next().await {
            Received::Json(_) => continue,
            Received::Closed(frame) => {
                return frame.map(|f| (u16::from(f.code), f.reason.to_string()));
            }
        }
    }
}

async fn app_with_few_frames_per_ip() -> crate::helpers::TestApp {
    spawn_app_with(
        |config| {
            config.limits.requests_per_ip.burst = 10;
            config.limits.requests_per_ip.per_second = 0.01;
        },
        None,
    )
    .await
}

#[tokio::test]
async fn pings_over_the_address_limit_close_the_socket_with_a_reason() {
    let app = app_with_few_frames_per_ip().await;
    let token = app.new_visitor().await;
    let mut ws = app.ws(&token).await;

    let closed = flood(&mut ws, Message::Ping(b"hi".to_vec().into())).await;

    let (code, reason) = closed.expect("a close frame");
    assert_eq!(code, 1008);
    assert!(reason.contains("too many frames"), "{reason}");
}

#[tokio::test]
async fn binary_frames_over_the_address_limit_close_the_socket_with_a_reason() {
    let app = app_with_few_frames_per_ip().await;
    let token = app.new_visitor().await;
    let mut ws = app.ws(&token).await;

    let closed = flood(&mut ws, Message::binary(vec![1, 2, 3])).await;

    let (code, _) = closed.expect("a close frame");
    assert_eq!(code, 1008);
}

#[tokio::test]
async fn a_visitor_opening_one_socket_too_many_loses_its_oldest() {
    let app = spawn_app_with(|config| config.limits.sockets_per_visitor = 2, None).await;
    let token = app.new_visitor().await;
    let mut oldest = app.ws(&token).await;
    app.wait_for_sockets(1).await;
    let mut middle = app.ws(&token).await;
    app.wait_for_sockets(2).await;

    let mut newest = app.ws(&token).await;

    let Received::Closed(Some(frame)) = oldest.next().await else {
        panic!("the oldest socket was not closed with a reason");
    };
    assert_eq!(u16::from(frame.code), 1008);
    assert!(
        frame.reason.contains("too many sockets"),
        "{}",
        frame.reason
    );
    app.wait_for_sockets(2).await;
    app.say(&token, "pour les deux onglets").await;
    for ws in [&mut middle, &mut newest] {
        assert!(is_message(&ws.next_json().await, "pour les deux onglets"));
    }
}
