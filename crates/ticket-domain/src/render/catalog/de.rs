//! German.

use super::{
    AnswerTexts, ButtonTexts, Catalog, CommandTexts, CommandWords, DigestTexts, ErrorTexts,
    HelpTexts, Labels, ListTexts, NotificationTexts, StatsTexts, ViewTexts,
};

/// The German texts.
pub(super) static DE: Catalog = Catalog {
    date_time: "%d.%m.%Y %H:%M",
    labels: Labels {
        visitor: "Kunde",
        anonymous: "Anonymer Besucher",
        email: "E-Mail",
        message: "Nachricht",
        page: "Seite",
        subject: "Betreff",
        status: "Status",
        priority: "Priorität",
        open: "Offen",
        pending: "Wartend",
        closed: "Geschlossen",
        mobile: "📱 Mobil",
        tablet: "📱 Tablet",
        desktop: "💻 Desktop",
    },
    notification: NotificationTexts {
        created: |number| format!("🆕 NEUES TICKET {number}"),
        appended: |number| format!("📝 NEUE NACHRICHT ZU TICKET {number}"),
        reopened: |number| format!("🔓 TICKET {number} VOM KUNDEN WIEDER GEÖFFNET"),
        time: "Uhrzeit",
        history_hint: |number| format!("💡 Senden Sie /ticket {number}, um den Verlauf zu sehen"),
        commands_hint: |number| format!("🛠️ Befehle: /tickets /close {number} /help"),
    },
    list: ListTexts {
        title: "🎫 TICKETVERWALTUNG",
        summary: "📊 Übersicht:",
        total: "Gesamt",
        active: "📋 Offene und wartende Tickets:",
        open: "🟢 Offene Tickets:",
        pending: "⏳ Wartende Tickets:",
        closed: "🔴 Geschlossene Tickets:",
        urgent: "🚨 Dringende Tickets:",
        all: "📋 Alle Tickets:",
        mark_open: "🟢 offen",
        mark_pending: "⏳ wartend",
        mark_closed: "🔴 geschlossen",
        page: |page, pages| format!("📄 Seite {page}/{pages}"),
        next_page: |command| format!(" · weiter: {command}"),
        no_such_page: |page, pages, first| {
            format!("📄 Seite {page} gibt es nicht (es gibt {pages} Seite(n)). Siehe {first}")
        },
        all_caught_up: "✨ Keine Tickets zu bearbeiten. Alles erledigt!",
        no_match: "✨ Keine passenden Tickets.",
    },
    view: ViewTexts {
        title: |number| format!("🎫 TICKET {number}"),
        created: "Erstellt",
        last_activity: "Letzte Aktivität",
        closed: "Geschlossen",
        conversation: "💬 VERLAUF:",
        support: "🎧 Support",
        system: "⚙️ System",
        note: "🔒 Interne Notiz",
        assignee: "Zugewiesen an",
        hidden: |hidden| format!("({hidden} ältere Nachricht(en) nicht angezeigt)"),
        reply_here: |number| format!("↩️ Schreiben Sie Ihre Antwort: Sie geht an Ticket {number}."),
    },
    stats: StatsTexts {
        title: "📊 DETAILLIERTE STATISTIK",
        total: "Tickets gesamt",
        urgent: "Dringend",
        stale: "Älter als 7 Tage",
        created_today: "Heute erstellt",
        first_response: "Erste Antwort (Median)",
        no_reply_yet: "noch keine Antwort",
        day: "d",
        more_urgent: |more| format!("… und {more} weitere: /tickets urgent"),
        recommended: "💡 Empfohlene Aktionen:",
        handle_urgent: |n| match n {
            1 => "Das dringende Ticket bearbeiten".to_owned(),
            n => format!("Die {n} dringenden Tickets bearbeiten"),
        },
        follow_up_stale: |n| match n {
            1 => "Beim Ticket ohne Aktivität seit über 7 Tagen nachfassen oder es schließen"
                .to_owned(),
            n => format!(
                "Bei den {n} Tickets ohne Aktivität seit über 7 Tagen nachfassen oder sie \
                 schließen"
            ),
        },
        answer_open: |n| match n {
            1 => "Das offene Ticket beantworten: /tickets open".to_owned(),
            n => format!("Die {n} offenen Tickets beantworten: /tickets open"),
        },
        nothing_to_do: "Nichts zu tun, alles erledigt 🎉",
    },
    answers: AnswerTexts {
        closed: |number| format!("✅ Ticket {number} geschlossen."),
        reopened: |number| format!("🔓 Ticket {number} wieder geöffnet."),
        same_priority: |number, priority| {
            format!("ℹ️ Ticket {number} hat bereits die Priorität {priority}.")
        },
        priority_changed: |number, from, to| {
            format!(
                "{} Priorität von Ticket {number} geändert von {from} → {to}",
                to.icon()
            )
        },
        reply_sent: |number, name| format!("✅ Antwort an Ticket {number} ({name}) gesendet."),
        note_added: |number| {
            format!("🔒 Notiz zu Ticket {number} hinzugefügt (nur für das Team sichtbar).")
        },
        assigned: |number, name| format!("👥 Ticket {number} an {name} zugewiesen."),
        unassigned: |number| format!("👥 Ticket {number} ist niemandem mehr zugewiesen."),
        assign_how: |number| {
            format!("↩️ Um {number} einem Kollegen zuzuweisen, antworten Sie auf eine seiner Nachrichten mit /assign {number}.")
        },
        take_needs_telegram: "⚠️ Nur ein Teammitglied auf Telegram kann ein Ticket übernehmen.",
        reply_reopened: "🔓 Das Ticket war geschlossen: Es wartet jetzt wieder auf den Kunden.",
        not_found: |number| format!("❌ Ticket {number} existiert nicht. Siehe /tickets"),
        already_closed: |number| {
            format!(
                "ℹ️ Ticket {number} ist bereits geschlossen. Zum erneuten Öffnen: /reopen \
                 {number}"
            )
        },
        not_closed: |number, status| {
            format!("ℹ️ Ticket {number} ist nicht geschlossen (Status: {status}).")
        },
        no_reply_target: "🤔 Für welches Ticket ist das? Antworten Sie (wischen → Antworten) \
            auf die Benachrichtigung des Tickets, öffnen Sie es mit /ticket T1001 und schreiben \
            Sie dann, oder senden Sie /reply T1001 Ihre Nachricht.",
        not_authorised: "⛔ Dieser Bot ist dem Support-Team vorbehalten.",
        text_only: "📎 Derzeit werden nur Textnachrichten unterstützt.",
        unreadable_line: "⚠️ Unlesbare Zeile (ungültiger UTF-8-Text oder zu lang): ignoriert. \
            Bitte geben Sie sie erneut ein.",
        internal_error: "⚠️ Interner Fehler: Es wurde nichts gespeichert. Bitte versuchen Sie \
            es gleich noch einmal.",
        note_closed: "Unterhaltung vom Support geschlossen. Schreiben Sie uns gern erneut, \
            wenn Sie etwas brauchen.",
        note_reopened: "Unterhaltung vom Support wieder geöffnet.",
    },
    errors: ErrorTexts {
        unknown_command: |name| {
            format!("❓ Unbekannter Befehl: {name}. Senden Sie /help für die Liste der Befehle.")
        },
        missing_argument: "⚠️ Es fehlt ein Argument.",
        unexpected_argument: |extra| format!("⚠️ Überzähliges Argument: „{extra}“."),
        not_a_ticket_number: "⚠️ Das ist keine Ticketnummer (Beispiel: T1001).",
        unknown_priority: |word| {
            format!(
                "⚠️ Unbekannte Priorität: „{word}“. Prioritäten: low 🟢, medium 🟡, high 🔴, \
                 urgent 🚨."
            )
        },
        not_a_filter: |word| {
            format!(
                "⚠️ „{word}“ ist weder ein Filter (open, pending, closed, urgent, all) noch eine \
                 Seitenzahl."
            )
        },
        empty_message: "⚠️ Die Nachricht ist leer.",
        too_long: |chars| {
            format!(
                "⚠️ Die Nachricht hat {chars} Zeichen; das Limit ist 4000. Teilen Sie sie auf \
                 mehrere Nachrichten auf."
            )
        },
        usage: "Verwendung:",
    },
    help: HelpTexts {
        title: "🎫 HILFE — VERFÜGBARE BEFEHLE",
        example_message: "Ihre Nachricht",
        footer: "↩️ Um einem Kunden zu antworten: Antworten Sie auf die Benachrichtigung seines \
            Tickets, oder öffnen Sie es mit /ticket T1001 und schreiben Sie dann einfach Ihre \
            Nachricht.",
        greeting: "👋 Hallo! Dieser Bot informiert Sie über jede Nachricht, die auf Ihrer \
            Website hinterlassen wird, und Sie können direkt von hier aus antworten.",
    },
    commands: CommandTexts {
        tickets: CommandWords {
            help: "offene und wartende Tickets, die dringendsten zuerst",
            menu: "Offene und wartende Tickets",
        },
        ticket: CommandWords {
            help: "Details und Verlauf eines Tickets",
            menu: "Details eines Tickets",
        },
        reply: CommandWords {
            help: "auf ein Ticket antworten",
            menu: "Antworten",
        },
        note: CommandWords {
            help: "interne Notiz, nur für das Team sichtbar",
            menu: "Interne Notiz",
        },
        take: CommandWords {
            help: "ein Ticket übernehmen (es wird Ihnen zugewiesen)",
            menu: "Übernehmen",
        },
        assign: CommandWords {
            help: "als Antwort auf die Nachricht eines Kollegen: ihm zuweisen",
            menu: "Zuweisen",
        },
        unassign: CommandWords {
            help: "Zuweisung eines Tickets aufheben",
            menu: "Zuweisung aufheben",
        },
        close: CommandWords {
            help: "ein Ticket schließen",
            menu: "Schließen",
        },
        reopen: CommandWords {
            help: "ein geschlossenes Ticket wieder öffnen",
            menu: "Wieder öffnen",
        },
        priority: CommandWords {
            help: "die Priorität ändern (low 🟢, medium 🟡, high 🔴, urgent 🚨)",
            menu: "Priorität",
        },
        stats: CommandWords {
            help: "detaillierte Statistik",
            menu: "Statistik",
        },
        help: CommandWords {
            help: "diese Hilfe",
            menu: "Hilfe",
        },
        menu_message: "Nachricht",
        menu_with_example: |description, example| format!("{description}: {example}"),
    },
    digest: DigestTexts {
        header: |count| format!("📬 {count} Benachrichtigungen zusammengefasst"),
        hint: |example| {
            format!(
                "↩️ Diese Nachricht fasst mehrere Tickets zusammen. Antworten Sie mit /reply \
                 {example} Ihre Nachricht."
            )
        },
        reply_to_digest: "↩️ Diese Nachricht fasst mehrere Tickets zusammen: Es wurde nichts \
            gesendet. Antworten Sie mit /reply T1001 Ihre Nachricht.",
    },
    buttons: ButtonTexts {
        view: "Ansehen",
        close: "Schließen",
        urgent: "Dringend",
    },
};
