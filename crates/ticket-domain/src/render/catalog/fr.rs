//! French, the product guide's language: these texts are the guide's, byte for byte.

use super::{
    AnswerTexts, ButtonTexts, Catalog, CommandTexts, CommandWords, DigestTexts, ErrorTexts,
    HelpTexts, Labels, ListTexts, NotificationTexts, StatsTexts, ViewTexts,
};

/// The French texts.
pub(super) static FR: Catalog = Catalog {
    date_time: "%d/%m/%Y %H:%M",
    labels: Labels {
        visitor: "Client",
        anonymous: "Visiteur anonyme",
        email: "Email",
        message: "Message",
        page: "Page",
        subject: "Sujet",
        status: "Status",
        priority: "Priorité",
        open: "Ouverts",
        pending: "En attente",
        closed: "Fermés",
        mobile: "📱 Mobile",
        tablet: "📱 Tablette",
        desktop: "💻 Ordinateur",
    },
    notification: NotificationTexts {
        created: |number| format!("🆕 NOUVEAU TICKET {number}"),
        appended: |number| format!("📝 RÉPONSE TICKET {number}"),
        reopened: |number| format!("🔓 TICKET {number} ROUVERT PAR LE CLIENT"),
        time: "Heure",
        history_hint: |number| format!("💡 Répondez avec /ticket {number} pour voir l'historique"),
        commands_hint: |number| format!("🛠️ Commandes: /tickets /close {number} /help"),
    },
    list: ListTexts {
        title: "🎫 GESTION DES TICKETS",
        summary: "📊 Résumé:",
        total: "Total",
        active: "📋 Tickets ouverts et en attente:",
        open: "🟢 Tickets ouverts:",
        pending: "⏳ Tickets en attente:",
        closed: "🔴 Tickets fermés:",
        urgent: "🚨 Tickets urgents:",
        all: "📋 Tous les tickets:",
        mark_open: "🟢 ouvert",
        mark_pending: "⏳ en attente",
        mark_closed: "🔴 fermé",
        page: |page, pages| format!("📄 Page {page}/{pages}"),
        next_page: |command| format!(" · suite: {command}"),
        no_such_page: |page, pages, first| {
            format!("📄 La page {page} n'existe pas (il y a {pages} page(s)). Voir {first}")
        },
        all_caught_up: "✨ Aucun ticket à traiter. Tout est à jour !",
        no_match: "✨ Aucun ticket ne correspond.",
    },
    view: ViewTexts {
        title: |number| format!("🎫 TICKET {number}"),
        created: "Créé",
        last_activity: "Dernière activité",
        closed: "Fermé",
        conversation: "💬 CONVERSATION:",
        support: "🎧 Support",
        system: "⚙️ Système",
        note: "🔒 Note interne",
        assignee: "Assigné à",
        hidden: |hidden| format!("({hidden} message(s) plus ancien(s) non affiché(s))"),
        reply_here: |number| format!("↩️ Écrivez votre réponse : elle ira au ticket {number}."),
    },
    stats: StatsTexts {
        title: "📊 STATISTIQUES DÉTAILLÉES",
        total: "Tickets totaux",
        urgent: "Urgents",
        stale: "Anciens (>7j)",
        created_today: "Créés aujourd'hui",
        first_response: "Première réponse (médiane)",
        no_reply_yet: "pas encore de réponse",
        day: "j",
        more_urgent: |more| format!("… et {more} autre(s): /tickets urgent"),
        recommended: "💡 Actions recommandées:",
        handle_urgent: |n| match n {
            1 => "Traiter le 1 ticket urgent".to_owned(),
            n => format!("Traiter les {n} tickets urgents"),
        },
        follow_up_stale: |n| match n {
            1 => "Relancer ou fermer le ticket ancien (>7j)".to_owned(),
            n => format!("Relancer ou fermer les {n} tickets anciens (>7j)"),
        },
        answer_open: |n| match n {
            1 => "Répondre au ticket ouvert: /tickets open".to_owned(),
            n => format!("Répondre aux {n} tickets ouverts: /tickets open"),
        },
        nothing_to_do: "Rien à faire, tout est à jour 🎉",
    },
    answers: AnswerTexts {
        closed: |number| format!("✅ Ticket {number} fermé avec succès."),
        reopened: |number| format!("🔓 Ticket {number} rouvert avec succès."),
        same_priority: |number, priority| {
            format!("ℹ️ Le ticket {number} est déjà en priorité {priority}.")
        },
        priority_changed: |number, from, to| {
            format!(
                "{} Priorité du ticket {number} changée de {from} → {to}",
                to.icon()
            )
        },
        reply_sent: |number, name| format!("✅ Réponse envoyée au ticket {number} ({name})."),
        note_added: |number| {
            format!("🔒 Note ajoutée au ticket {number} (visible de l'équipe seulement).")
        },
        assigned: |number, name| format!("👥 Ticket {number} assigné à {name}."),
        unassigned: |number| format!("👥 Le ticket {number} n'est plus assigné."),
        assign_how: |number| {
            format!("↩️ Pour assigner {number} à un collègue, répondez à l'un de ses messages avec /assign {number}.")
        },
        take_needs_telegram: "⚠️ Seul un membre de l'équipe sur Telegram peut prendre un ticket.",
        reply_reopened: "🔓 Le ticket était fermé : il est de nouveau en attente du client.",
        not_found: |number| format!("❌ Le ticket {number} n'existe pas. Voir /tickets"),
        already_closed: |number| {
            format!("ℹ️ Le ticket {number} est déjà fermé. Pour le rouvrir : /reopen {number}")
        },
        not_closed: |number, status| {
            format!("ℹ️ Le ticket {number} n'est pas fermé (status: {status}).")
        },
        no_reply_target: "🤔 À quel ticket répondre ? Répondez (glisser → Répondre) à la \
            notification du ticket, ouvrez-le avec /ticket T1001 puis écrivez, ou tapez /reply \
            T1001 votre message.",
        not_authorised: "⛔ Ce bot est réservé à l'équipe support.",
        text_only: "📎 Seuls les messages texte sont pris en charge pour l'instant.",
        unreadable_line: "⚠️ Ligne illisible (texte UTF-8 invalide ou trop long) : ignorée. \
            Retapez-la.",
        internal_error: "⚠️ Erreur interne : rien n'a été enregistré. Réessayez dans un instant.",
        note_closed: "Conversation fermée par le support. Écrivez-nous à nouveau si besoin.",
        note_reopened: "Conversation rouverte par le support.",
    },
    errors: ErrorTexts {
        unknown_command: |name| {
            format!("❓ Commande inconnue : {name}. Tapez /help pour la liste des commandes.")
        },
        missing_argument: "⚠️ Il manque un argument.",
        unexpected_argument: |extra| format!("⚠️ Argument en trop : « {extra} »."),
        not_a_ticket_number: "⚠️ Ce n'est pas un numéro de ticket (exemple : T1001).",
        unknown_priority: |word| {
            format!(
                "⚠️ Priorité inconnue : « {word} ». Priorités : low 🟢, medium 🟡, high 🔴, \
                 urgent 🚨."
            )
        },
        not_a_filter: |word| {
            format!(
                "⚠️ « {word} » n'est ni un filtre (open, pending, closed, urgent, all) ni un \
                 numéro de page."
            )
        },
        empty_message: "⚠️ Le message est vide.",
        too_long: |chars| {
            format!(
                "⚠️ Le message fait {chars} caractères ; la limite est 4000. Coupez-le en \
                 plusieurs messages."
            )
        },
        usage: "Usage :",
    },
    help: HelpTexts {
        title: "🎫 AIDE — COMMANDES DISPONIBLES",
        example_message: "votre message",
        footer: "↩️ Pour répondre à un client : répondez à la notification de son ticket, ou \
            ouvrez-le avec /ticket T1001 puis écrivez simplement votre message.",
        greeting: "👋 Bonjour ! Ce bot vous prévient de chaque message laissé sur votre site et \
            vous permet d'y répondre d'ici.",
    },
    commands: CommandTexts {
        tickets: CommandWords {
            help: "les tickets ouverts et en attente, les plus urgents d'abord",
            menu: "Tickets ouverts et en attente",
        },
        ticket: CommandWords {
            help: "détails et conversation d'un ticket",
            menu: "Détails d'un ticket",
        },
        reply: CommandWords {
            help: "répondre à un ticket",
            menu: "Répondre",
        },
        note: CommandWords {
            help: "note interne, visible de l'équipe seulement",
            menu: "Note interne",
        },
        take: CommandWords {
            help: "prendre un ticket (il vous est assigné)",
            menu: "Prendre",
        },
        assign: CommandWords {
            help: "en réponse au message d'un collègue : le lui assigner",
            menu: "Assigner",
        },
        unassign: CommandWords {
            help: "ne plus assigner un ticket",
            menu: "Désassigner",
        },
        close: CommandWords {
            help: "fermer un ticket",
            menu: "Fermer",
        },
        reopen: CommandWords {
            help: "rouvrir un ticket fermé",
            menu: "Rouvrir",
        },
        priority: CommandWords {
            help: "changer la priorité (low 🟢, medium 🟡, high 🔴, urgent 🚨)",
            menu: "Priorité",
        },
        stats: CommandWords {
            help: "statistiques détaillées",
            menu: "Statistiques",
        },
        help: CommandWords {
            help: "cette aide",
            menu: "Aide",
        },
        menu_message: "message",
        menu_with_example: |description, example| format!("{description} : {example}"),
    },
    digest: DigestTexts {
        header: |count| format!("📬 {count} notifications regroupées"),
        hint: |example| {
            format!(
                "↩️ Ce message regroupe plusieurs tickets. Répondez avec /reply {example} votre \
                 message."
            )
        },
        reply_to_digest: "↩️ Ce message regroupe plusieurs tickets : rien n'a été envoyé. \
            Répondez avec /reply T1001 votre message.",
    },
    buttons: ButtonTexts {
        view: "Voir",
        close: "Fermer",
        urgent: "Urgent",
    },
};
