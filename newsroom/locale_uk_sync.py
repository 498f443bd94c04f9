"""Ukrainian catalogue, part for newsroom.sync (sync); merged into MESSAGES_UK."""

MESSAGES: dict[str, str] = {
    # newsroom/services/sites.py, cli_sync.py: trusting a site's own certificate
    "the certificate file is empty": "не вказано файл сертифіката",
    "no certificate file {path}": "файлу сертифіката {path} немає",
    "{path} is not a PEM certificate file: {error}":
        "{path} — не файл сертифіката PEM: {error}",
    "{path} holds no certificate": "у {path} немає жодного сертифіката",
    "site {name} is a folder, it has no certificate":
        "сайт {name} — це папка, сертифіката в нього немає",
    "give either --ca-file FILE or --clear": "вкажіть або --ca-file ФАЙЛ, або --clear",
    "{name} now trusts the certificates in {path}": "{name} тепер довіряє сертифікатам з {path}",
    "{name} trusts only the system's certificates":
        "{name} довіряє лише сертифікатам системи",
    "{mime} pictures cannot be published": "зображення типу {mime} не можна опублікувати",
    "the picture cannot be read: {error}": "зображення не читається: {error}",
    "the articles will be published to the folder {path}":
        "статті публікуватимуться в папку {path}",
    "Application password: ": "Пароль застосунку: ",
    "site {name} added, id {id}": "сайт {name} додано, id {id}",
    "the password for {name} is stored in the system keyring":
        "пароль для {name} збережено в системному сховищі паролів",
    "sent {sent}, to retry {retrying}, failed {failed}, need a person {errors}, "
    "published {published}":
        "надіслано {sent}, до повторної спроби {retrying}, невдало {failed}, потребують "
        "рішення людини {errors}, опубліковано {published}",
    "new {created}, updated {updated}, unchanged {unchanged}, kept local edits {kept}":
        "нових {created}, оновлено {updated}, без змін {unchanged}, залишено локальні "
        "зміни {kept}",
    "job #{id} is {state}": "завдання №{id}: {state}",
    "article #{id} now has the site's text as revision {rev}":
        "стаття №{id} тепер має текст із сайту як редакцію {rev}",
    "no password: set {env} or run the command in a terminal":
        "немає пароля: задайте {env} або запустіть команду в терміналі",
    "no sites yet: add one with 'site add'": "сайтів ще немає: додайте сайт командою 'site add'",
    "paused: {reason}": "призупинено: {reason}",
    "site {name} is on": "сайт {name} увімкнено",
    "site {name} is off": "сайт {name} вимкнено",
    "pulled {done} of {total}": "отримано {done} з {total}",
    "the publishing queue is empty": "черга публікації порожня",
    "a WordPress site needs --url and --user": "для сайту WordPress потрібні --url і --user",
    "a static site needs --path": "для статичного сайту потрібен --path",
    "on": "увімк.",
    "off": "вимк.",
    "unknown job state '{s}': use one of {names}":
        "невідомий стан завдання '{s}': використайте один із {names}",
    "only an administrator may change the websites": "змінювати сайти може лише адміністратор",
    "a site name needs 1 to {n} characters on one line":
        "назва сайту має містити від 1 до {n} символів в одному рядку",
    "a site named {name} already exists": "сайт із назвою {name} уже є",
    "{url} is not a web address (it must start with https://)":
        "{url} — не вебадреса (вона має починатися з https://)",
    "{url} uses plain http: the password would cross the network unencrypted; use https://":
        "{url} використовує незахищений http: пароль ішов би мережею незашифрованим; "
        "використайте https://",
    "the WordPress login is empty": "логін WordPress порожній",
    "the application password is empty": "пароль застосунку порожній",
    "the site folder is empty": "папку сайту не вказано",
    "{path} is a file, not a folder": "{path} — файл, а не папка",
    "no site #{id}": "немає сайту №{id}",
    "no site named {name}": "немає сайту з назвою {name}",
    "site {name} has no password": "сайт {name} не має пароля",
    "{url} is not a web address": "{url} — не вебадреса",
    "the picture {file} is not on this computer any more: insert it into the article again":
        "зображення {file} більше немає на цьому комп’ютері: вставте його в статтю ще раз",
    "site {name} is of an unknown kind {kind}": "сайт {name} має невідомий тип {kind}",
    "no password is stored for {login} at {url}: enter it in the site settings (or: site "
    "password NAME)":
        "для {login} на {url} не збережено пароля: введіть його в налаштуваннях сайту "
        "(або: site password НАЗВА)",
    "the password could not be stored in the system keyring: {error}":
        "не вдалося зберегти пароль у системному сховищі паролів: {error}",
    "the system keyring cannot be read: {error}":
        "не вдається прочитати системне сховище паролів: {error}",
    "job #{id} has no conflict with the site": "завдання №{id} не має розбіжностей із сайтом",
    "the article is no longer waiting for this": "стаття більше цього не чекає",
    "unexpected error: {error}": "неочікувана помилка: {error}",
    "the post was changed on the site since it was sent: overwrite it, take the site's "
    "version or compare them":
        "допис змінили на сайті після надсилання: перезапишіть його, візьміть версію сайту "
        "або порівняйте їх",
    "gave up after {n} attempts: {error}": "припинено після {n} спроб: {error}",
    "the sending was interrupted; it is tried again": "надсилання перервалося; буде нова спроба",
}
