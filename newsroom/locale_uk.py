"""Ukrainian catalogue for the core's messages (see ``newsroom.i18n``).

Keys are the English templates exactly as written in the code; a test checks
that every ``tr()``/``N_()`` message is here with the same ``{fields}``. Action
labels are infinitives and status labels fit «…» quotes, so the sentences that
combine them read naturally.
"""

MESSAGES_UK: dict[str, str] = {
    # statuses, actions, roles, field names
    "draft": "чернетка",
    "in review": "на перевірці",
    "changes requested": "на доопрацюванні",
    "approved": "схвалено",
    "queued": "у черзі",
    "scheduled": "заплановано",
    "published": "опубліковано",
    "unpublished": "знято з публікації",
    "in the trash": "у кошику",
    "submit for review": "подати на перевірку",
    "withdraw from review": "відкликати з перевірки",
    "request changes": "повернути на доопрацювання",
    "take back for revision": "взяти на доопрацювання",
    "approve": "схвалити",
    "reopen": "повернути в чернетки",
    "queue": "поставити в чергу",
    "schedule": "запланувати",
    "take out of the queue": "зняти з черги",
    "publish": "опублікувати",
    "unpublish": "зняти з публікації",
    "correct": "виправити",
    "move to the trash": "перемістити в кошик",
    "restore": "відновити",
    "writer": "автор",
    "reviewer": "рецензент",
    "editor": "редактор",
    "admin": "адміністратор",
    "status": "статус",
    "author": "автор",
    "revision": "редакція",
    "version": "версія",
    "section": "розділ",
    "tag": "тег",
    "tags": "теги",
    "Read also": "Читайте також",
    # workflow
    "cannot {action} an article that is {status}":
        "не можна {action}: стаття має статус «{status}»",
    "you cannot {action} your own article: another person must":
        "ви не можете {action} власну статтю: це має зробити інша людина",
    "a {role} may not {action} this article": "роль «{role}» не дозволяє {action} цю статтю",
    "say what should change: {action} needs a comment":
        "напишіть, що змінити: дія «{action}» потребує коментаря",
    "unknown action '{value}': use one of {names}":
        "невідома дія «{value}»: можливі {names}",
    "article #{id} is now {status}": "стаття №{id} тепер має статус «{status}»",
    "scheduling needs a date and time": "щоб запланувати, вкажіть дату й час",
    "the scheduled time has already passed": "запланований час уже минув",
    "the article changed since you opened it (version {v} is now {now}): look at the changes "
    "first": "стаття змінилася, відколи ви її відкрили (версія {v} тепер {now}): спершу "
             "перегляньте зміни",
    "the comment is too long (at most {n} characters)":
        "коментар задовгий (щонайбільше {n} символів)",
    "the comment is empty": "коментар порожній",
    # articles
    "no article #{id}": "немає статті №{id}",
    "article #{id} has no revision {n}": "стаття №{id} не має редакції {n}",
    "the title is empty: every article needs one": "заголовок порожній: він потрібен кожній статті",
    "the title is {n} characters long; at most {max} fit":
        "заголовок має {n} символів; можна щонайбільше {max}",
    "the lead is {n} characters long; at most {max} fit":
        "лід має {n} символів; можна щонайбільше {max}",
    "the text is {n} characters long; at most {max} fit — was something pasted by mistake?":
        "текст має {n} символів; можна щонайбільше {max} — можливо, вставлено щось зайве?",
    "only the author or an editor may edit this article":
        "редагувати цю статтю може лише її автор або редактор",
    "the article is {status}: reopen or correct it before editing":
        "стаття має статус «{status}»: щоб редагувати, поверніть її в чернетки або виправте",
    "the text contains a NUL character and cannot be saved":
        "текст містить символ NUL, тому його не можна зберегти",
    "bad slug '{slug}': use Latin lowercase letters, digits and hyphens, e.g. '{example}'":
        "неправильна адреса «{slug}»: лише малі латинські літери, цифри й дефіси, "
        "наприклад «{example}»",
    "the slug '{slug}' is used by another article": "адреса «{slug}» уже зайнята іншою статтею",
    "article #{id} was changed by {who} (version {theirs}) after you opened version {mine}; "
    "nothing was saved": "статтю №{id} змінив(ла) {who} (версія {theirs}), відколи ви відкрили "
                         "версію {mine}; нічого не збережено",
    # related
    "only an editor, or the author while writing, may change the related articles":
        "змінювати «Читайте також» може редактор або автор, поки стаття в роботі",
    "the article is in the trash: restore it first": "стаття в кошику: спершу відновіть її",
    "an article cannot be related to itself": "стаття не може посилатися сама на себе",
    "article #{id} is {status}: only published or queued articles can be linked":
        "стаття №{id} має статус «{status}»: посилатися можна лише на опубліковані або "
        "поставлені в чергу статті",
    "article #{id} is already in the list": "стаття №{id} уже є у списку",
    "at most {n} related articles": "щонайбільше {n} пов’язаних статей",
    "article #{id} is not in the list": "статті №{id} немає у списку",
    "the new order must list each related article exactly once":
        "новий порядок має містити кожну пов’язану статтю рівно один раз",
    "no related articles": "пов’язаних статей немає",
    # sections, tags, users
    "empty {what} name": "порожня назва: {what}",
    "{what} name longer than 200 characters": "назва довша за 200 символів: {what}",
    "bad login '{login}': 2-64 Latin letters, digits, '.', '_' or '-', starting with a letter "
    "or digit": "неправильний логін «{login}»: 2–64 латинські літери, цифри, «.», «_» або «-», "
                "на початку літера або цифра",
    "user '{login}' already exists": "користувач «{login}» уже є",
    "only an administrator may add people": "додавати людей може лише адміністратор",
    "the first user of a new database must be an administrator (--role admin)":
        "перший користувач нової бази даних має бути адміністратором (--role admin)",
    "cannot read date '{text}': use YYYY-MM-DD HH:MM":
        "не вдається прочитати дату «{text}»: пишіть РРРР-ММ-ДД ГГ:ХХ",
    "cannot read date '{text}': {cleaned} does not exist in Kyiv (the clocks skip that hour)":
        "не вдається прочитати дату «{text}»: {cleaned} у Києві не буває (годинники "
        "переводять на годину вперед)",
    "no such user '{login}'": "немає користувача «{login}»",
    "no such user #{id}": "немає користувача №{id}",
    "someone has just created the first user of this database: restart the app and choose "
    "your account": "щойно хтось створив першого користувача цієї бази даних: перезапустіть "
                    "програму й виберіть свій обліковий запис",
    # editing locks
    "editing: {name} since {time}": "редагує {name} з {time}",
    "only an editor may take over an article someone else is editing":
        "перехопити статтю, яку редагує інша людина, може лише редактор",
    # images
    "the file": "файл",
    "{file} is empty": "{file} порожній",
    "{file} is not a PNG, JPEG, GIF or WebP image": "{file} — не зображення PNG, JPEG, GIF чи WebP",
    "{file} looks like an image but is damaged: its size cannot be read":
        "{file} схожий на зображення, але пошкоджений: не вдається прочитати його розмір",
    "{file} is larger than {max} MB: make the image smaller":
        "{file} більший за {max} МБ: зменште зображення",
    "the image description is {n} characters long; at most {max} fit":
        "опис зображення має {n} символів; можна щонайбільше {max}",
    "only the author or an editor may change this article's images":
        "змінювати зображення цієї статті може лише її автор або редактор",
    "no image #{id}": "немає зображення №{id}",
    # publishing queue
    "waiting": "очікує",
    "being sent": "надсилається",
    "waiting to retry": "очікує повторної спроби",
    "sent": "надіслано",
    "canceled": "скасовано",
    "error": "помилка",
    "failed": "не вдалося",
    "no publishing job #{id}": "немає завдання публікації №{id}",
    "only an editor may manage the publishing queue":
        "керувати чергою публікації може лише редактор",
    "job #{id} is being sent right now: wait until it finishes":
        "завдання №{id} саме зараз надсилається: дочекайтеся, поки воно завершиться",
    "job #{id} is {state}: only waiting or failed jobs can be canceled":
        "завдання №{id} має стан «{state}»: скасувати можна лише завдання, що очікують або "
        "завершилися невдало",
    "job #{id} is {state}: only failed or canceled jobs can be sent again":
        "завдання №{id} має стан «{state}»: надіслати повторно можна лише невдалі або скасовані "
        "завдання",
    "job #{id} is {state}: only waiting jobs can be rescheduled":
        "завдання №{id} має стан «{state}»: змінити час можна лише для завдань, що очікують",
    "article #{id} is {status} now: this job no longer matches it and is not sent again":
        "стаття №{id} тепер має статус «{status}»: це завдання їй уже не відповідає, тому "
        "повторно його не надіслано",
    "job #{other} already sends this article to the same site":
        "завдання №{other} уже надсилає цю статтю на той самий сайт",
    "the new time has no time zone": "для нового часу не вказано часовий пояс",
    # pasting
    "the pasted fragment is about {size} MB; at most {max} MB can be pasted at once — paste it "
    "in parts": "вставлений фрагмент має близько {size} МБ; за один раз можна вставити "
                "щонайбільше {max} МБ — вставте його частинами",
    "the pasted text has more than {max} characters; at most {max} can be pasted at once — "
    "paste it in parts": "вставлений текст має понад {max} символів; за один раз можна "
                         "вставити щонайбільше {max} — вставте його частинами",
    # import
    "{file}: {problem}": "{file}: {problem}",
    "'{key}' must be text": "«{key}» має бути текстом",
    "the date {date} is out of range": "дата {date} поза можливим діапазоном",
    "'{key}' holds an unpaired \\u escape (half of a character)":
        "«{key}» містить непарну послідовність \\u (половину символу)",
    "larger than {n} MB: not an article": "більший за {n} МБ: це не стаття",
    "not UTF-8 text (byte {pos}): save it as UTF-8 and try again":
        "це не текст UTF-8 (байт {pos}): збережіть файл у кодуванні UTF-8 і спробуйте ще раз",
    "no front matter: the file must start with a '---' line, then 'title: …', then '---'":
        "немає заголовної частини: файл має починатися рядком «---», далі «title: …», далі «---»",
    "the front matter is not closed by a '---' line":
        "заголовна частина не закрита рядком «---»",
    " at line {n}": " у рядку {n}",
    "the front matter is not valid YAML{where} ({problem}); a value with ': ' or starting with "
    "« or \" needs quotes around it":
        "заголовна частина — неправильний YAML{where} ({problem}); значення з «: » або таке, "
        "що починається з « чи \", треба взяти в лапки",
    "the front matter must be 'key: value' lines":
        "заголовна частина має складатися з рядків «ключ: значення»",
    "unknown front matter field(s) {fields}; known: {known}":
        "невідомі поля {fields}; можливі: {known}",
    "the front matter has no 'title'": "у заголовній частині немає «title»",
    "'tags' must be a list or comma-separated text":
        "«tags» має бути списком або текстом через кому",
    "'status' may be draft or published, not '{s}'":
        "«status» може бути draft або published, а не «{s}»",
    "'url' must be an http(s) address, not '{url}'": "«url» має бути адресою http(s), а не «{url}»",
    "'url' is only for articles imported with status: published":
        "«url» можна вказати лише для статей зі status: published",
    "{file}: only an editor may import published articles":
        "{file}: імпортувати опубліковані статті може лише редактор",
    "{file}: only an editor may import in another author's name":
        "{file}: імпортувати від імені іншого автора може лише редактор",
    # database
    "unsupported database '{backend}': use SQLite or PostgreSQL":
        "непідтримувана база даних «{backend}»: використовуйте SQLite або PostgreSQL",
    "bad database URL '{url}': expected e.g. sqlite:///path/to/file or "
    "postgresql+psycopg://user@host/db":
        "неправильна адреса бази даних «{url}»: очікується, наприклад, sqlite:///шлях/до/файлу "
        "або postgresql+psycopg://користувач@сервер/база",
    "an in-memory SQLite database cannot be shared by the app's threads: give a file path":
        "базу SQLite в пам’яті не можна спільно використовувати з різних потоків: вкажіть файл",
    "bad database URL '{url}': {error}": "неправильна адреса бази даних «{url}»: {error}",
    # CLI
    "database ready: {url} (schema {rev})": "базу даних готово: {url} (схема {rev})",
    "user {login} ({role}) added, id {id}": "користувача {login} ({role}) додано, id {id}",
    "say who you are with --as LOGIN": "вкажіть, від чийого імені діяти: --as ЛОГІН",
    "'{url}' is not a database address: {problem}": "«{url}» — не адреса бази даних: {problem}",
    "--db is empty: give a database URL, or leave --db out to use the embedded database":
        "--db порожній: вкажіть адресу бази даних або не вказуйте --db, щоб працювати з "
        "вбудованою базою",
    "no articles yet: import some with 'article import FILE'":
        "статей ще немає: імпортуйте їх командою «article import ФАЙЛ»",
    "no articles found": "статей не знайдено",
    "the database at {url} is empty: run 'python -m newsroom --db {url} init' first":
        "база даних {url} порожня: спершу виконайте «python -m newsroom --db {url} init»",
    "no database file at {path}: check --db, or run init":
        "немає файлу бази даних {path}: перевірте --db або виконайте init",
    "newsroom: database error: {reason}": "newsroom: помилка бази даних: {reason}",
    " (details in {path})": " (подробиці в {path})",
    "newsroom: internal error{where}": "newsroom: внутрішня помилка{where}",
    "cannot read {file}: {error}": "не вдається прочитати {file}: {error}",
    "unknown status '{s}': use one of {names}": "невідомий статус «{s}»: можливі {names}",
    "unknown role '{value}': use one of {names}": "невідома роль «{value}»: можливі {names}",
    "{path} is not an SQLite database": "{path} — це не база даних SQLite",
    "{path} is another program's SQLite database, not Newsroom's: it was left untouched":
        "{path} — база даних SQLite іншої програми, а не Newsroom: її не змінено",
    "cannot create the folder for {path}: {error}":
        "не вдається створити папку для {path}: {error}",
}

# Parts kept in their own files so that each area's messages sit together.
from newsroom import (  # noqa: E402
    locale_uk_pull,
    locale_uk_related,
    locale_uk_spelling,
    locale_uk_static_site,
    locale_uk_sync,
    locale_uk_wordpress,
)

for _part in (locale_uk_sync, locale_uk_wordpress, locale_uk_static_site, locale_uk_pull,
              locale_uk_related, locale_uk_spelling):
    MESSAGES_UK.update(_part.MESSAGES)
