//! Spanish.

use super::{
    AnswerTexts, ButtonTexts, Catalog, CommandTexts, CommandWords, DigestTexts, ErrorTexts,
    HelpTexts, Labels, ListTexts, NotificationTexts, StatsTexts, ViewTexts,
};

/// The Spanish texts.
pub(super) static ES: Catalog = Catalog {
    date_time: "%d/%m/%Y %H:%M",
    labels: Labels {
        visitor: "Cliente",
        anonymous: "Visitante anónimo",
        email: "Correo",
        message: "Mensaje",
        page: "Página",
        subject: "Asunto",
        status: "Estado",
        priority: "Prioridad",
        open: "Abiertos",
        pending: "En espera",
        closed: "Cerrados",
        mobile: "📱 Móvil",
        tablet: "📱 Tableta",
        desktop: "💻 Escritorio",
    },
    notification: NotificationTexts {
        created: |number| format!("🆕 NUEVO TICKET {number}"),
        appended: |number| format!("📝 NUEVO MENSAJE EN EL TICKET {number}"),
        reopened: |number| format!("🔓 TICKET {number} REABIERTO POR EL CLIENTE"),
        time: "Hora",
        history_hint: |number| format!("💡 Envíe /ticket {number} para ver el historial"),
        commands_hint: |number| format!("🛠️ Comandos: /tickets /close {number} /help"),
    },
    list: ListTexts {
        title: "🎫 GESTIÓN DE TICKETS",
        summary: "📊 Resumen:",
        total: "Total",
        active: "📋 Tickets abiertos y en espera:",
        open: "🟢 Tickets abiertos:",
        pending: "⏳ Tickets en espera:",
        closed: "🔴 Tickets cerrados:",
        urgent: "🚨 Tickets urgentes:",
        all: "📋 Todos los tickets:",
        mark_open: "🟢 abierto",
        mark_pending: "⏳ en espera",
        mark_closed: "🔴 cerrado",
        page: |page, pages| format!("📄 Página {page}/{pages}"),
        next_page: |command| format!(" · siguiente: {command}"),
        no_such_page: |page, pages, first| {
            format!("📄 La página {page} no existe (hay {pages} página(s)). Vea {first}")
        },
        all_caught_up: "✨ No hay tickets por atender. ¡Todo al día!",
        no_match: "✨ Ningún ticket coincide.",
    },
    view: ViewTexts {
        title: |number| format!("🎫 TICKET {number}"),
        created: "Creado",
        last_activity: "Última actividad",
        closed: "Cerrado",
        conversation: "💬 CONVERSACIÓN:",
        support: "🎧 Soporte",
        system: "⚙️ Sistema",
        note: "🔒 Nota interna",
        assignee: "Asignado a",
        hidden: |hidden| format!("({hidden} mensaje(s) anterior(es) no mostrado(s))"),
        reply_here: |number| format!("↩️ Escriba su respuesta: irá al ticket {number}."),
    },
    stats: StatsTexts {
        title: "📊 ESTADÍSTICAS DETALLADAS",
        total: "Tickets totales",
        urgent: "Urgentes",
        stale: "Antiguos (>7d)",
        created_today: "Creados hoy",
        first_response: "Primera respuesta (mediana)",
        no_reply_yet: "aún sin respuesta",
        day: "d",
        more_urgent: |more| format!("… y {more} más: /tickets urgent"),
        recommended: "💡 Acciones recomendadas:",
        handle_urgent: |n| match n {
            1 => "Atender el ticket urgente".to_owned(),
            n => format!("Atender los {n} tickets urgentes"),
        },
        follow_up_stale: |n| match n {
            1 => "Hacer seguimiento o cerrar el ticket antiguo (>7d)".to_owned(),
            n => format!("Hacer seguimiento o cerrar los {n} tickets antiguos (>7d)"),
        },
        answer_open: |n| match n {
            1 => "Responder al ticket abierto: /tickets open".to_owned(),
            n => format!("Responder a los {n} tickets abiertos: /tickets open"),
        },
        nothing_to_do: "Nada que hacer, todo al día 🎉",
    },
    answers: AnswerTexts {
        closed: |number| format!("✅ Ticket {number} cerrado correctamente."),
        reopened: |number| format!("🔓 Ticket {number} reabierto correctamente."),
        same_priority: |number, priority| {
            format!("ℹ️ El ticket {number} ya tiene la prioridad {priority}.")
        },
        priority_changed: |number, from, to| {
            format!(
                "{} Prioridad del ticket {number} cambiada de {from} → {to}",
                to.icon()
            )
        },
        reply_sent: |number, name| format!("✅ Respuesta enviada al ticket {number} ({name})."),
        note_added: |number| format!("🔒 Nota añadida al ticket {number} (solo la ve el equipo)."),
        assigned: |number, name| format!("👥 Ticket {number} asignado a {name}."),
        unassigned: |number| format!("👥 El ticket {number} ya no está asignado."),
        assign_how: |number| {
            format!("↩️ Para asignar {number} a un compañero, responda a uno de sus mensajes con /assign {number}.")
        },
        take_needs_telegram: "⚠️ Solo un miembro del equipo en Telegram puede tomar un ticket.",
        reply_reopened: "🔓 El ticket estaba cerrado: vuelve a estar en espera del cliente.",
        not_found: |number| format!("❌ El ticket {number} no existe. Vea /tickets"),
        already_closed: |number| {
            format!("ℹ️ El ticket {number} ya está cerrado. Para reabrirlo: /reopen {number}")
        },
        not_closed: |number, status| {
            format!("ℹ️ El ticket {number} no está cerrado (estado: {status}).")
        },
        no_reply_target: "🤔 ¿A qué ticket va dirigido? Responda (deslizar → Responder) a la \
            notificación del ticket, ábralo con /ticket T1001 y luego escriba, o envíe /reply \
            T1001 su mensaje.",
        not_authorised: "⛔ Este bot está reservado al equipo de soporte.",
        text_only: "📎 Por ahora solo se admiten mensajes de texto.",
        unreadable_line: "⚠️ Línea ilegible (texto UTF-8 no válido o demasiado largo): \
            ignorada. Vuelva a escribirla.",
        internal_error: "⚠️ Error interno: no se ha guardado nada. Inténtelo de nuevo en un \
            momento.",
        note_closed: "Conversación cerrada por el soporte. Escríbanos de nuevo si lo necesita.",
        note_reopened: "Conversación reabierta por el soporte.",
    },
    errors: ErrorTexts {
        unknown_command: |name| {
            format!("❓ Comando desconocido: {name}. Envíe /help para ver la lista de comandos.")
        },
        missing_argument: "⚠️ Falta un argumento.",
        unexpected_argument: |extra| format!("⚠️ Argumento de más: «{extra}»."),
        not_a_ticket_number: "⚠️ Eso no es un número de ticket (ejemplo: T1001).",
        unknown_priority: |word| {
            format!(
                "⚠️ Prioridad desconocida: «{word}». Prioridades: low 🟢, medium 🟡, high 🔴, \
                 urgent 🚨."
            )
        },
        not_a_filter: |word| {
            format!(
                "⚠️ «{word}» no es un filtro (open, pending, closed, urgent, all) ni un número \
                 de página."
            )
        },
        empty_message: "⚠️ El mensaje está vacío.",
        too_long: |chars| {
            format!(
                "⚠️ El mensaje tiene {chars} caracteres; el límite es 4000. Divídalo en varios \
                 mensajes."
            )
        },
        usage: "Uso:",
    },
    help: HelpTexts {
        title: "🎫 AYUDA — COMANDOS DISPONIBLES",
        example_message: "su mensaje",
        footer: "↩️ Para responder a un cliente: responda a la notificación de su ticket, o \
            ábralo con /ticket T1001 y luego escriba su mensaje.",
        greeting: "👋 ¡Hola! Este bot le avisa de cada mensaje que dejan en su sitio web y le \
            permite responder desde aquí.",
    },
    commands: CommandTexts {
        tickets: CommandWords {
            help: "los tickets abiertos y en espera, los más urgentes primero",
            menu: "Tickets abiertos y en espera",
        },
        ticket: CommandWords {
            help: "detalles y conversación de un ticket",
            menu: "Detalles de un ticket",
        },
        reply: CommandWords {
            help: "responder a un ticket",
            menu: "Responder",
        },
        note: CommandWords {
            help: "nota interna, solo la ve el equipo",
            menu: "Nota interna",
        },
        take: CommandWords {
            help: "tomar un ticket (se le asigna)",
            menu: "Tomar",
        },
        assign: CommandWords {
            help: "en respuesta al mensaje de un compañero: asignárselo",
            menu: "Asignar",
        },
        unassign: CommandWords {
            help: "dejar un ticket sin asignar",
            menu: "Desasignar",
        },
        close: CommandWords {
            help: "cerrar un ticket",
            menu: "Cerrar",
        },
        reopen: CommandWords {
            help: "reabrir un ticket cerrado",
            menu: "Reabrir",
        },
        priority: CommandWords {
            help: "cambiar la prioridad (low 🟢, medium 🟡, high 🔴, urgent 🚨)",
            menu: "Prioridad",
        },
        stats: CommandWords {
            help: "estadísticas detalladas",
            menu: "Estadísticas",
        },
        help: CommandWords {
            help: "esta ayuda",
            menu: "Ayuda",
        },
        menu_message: "mensaje",
        menu_with_example: |description, example| format!("{description}: {example}"),
    },
    digest: DigestTexts {
        header: |count| format!("📬 {count} notificaciones agrupadas"),
        hint: |example| {
            format!(
                "↩️ Este mensaje agrupa varios tickets. Responda con /reply {example} su mensaje."
            )
        },
        reply_to_digest: "↩️ Este mensaje agrupa varios tickets: no se ha enviado nada. \
            Responda con /reply T1001 su mensaje.",
    },
    buttons: ButtonTexts {
        view: "Ver",
        close: "Cerrar",
        urgent: "Urgente",
    },
};
