"""Ukrainian catalogue, part for newsroom.sync (wordpress); merged into MESSAGES_UK."""

MESSAGES: dict[str, str] = {
    # newsroom/sync/http_errors.py
    "the certificate of {site} cannot be verified ({error}); if the site is yours, trust its "
    "certificate explicitly: newsroom site trust NAME --ca-file FILE":
        "не вдається перевірити сертифікат {site} ({error}); якщо це ваш сайт, явно довірте "
        "його сертифікату: newsroom site trust НАЗВА --ca-file ФАЙЛ",
    "{site} is not a web address (http:// or https://)":
        "{site} — це не вебадреса (http:// або https://)",
    "the request to {site} could not be sent: {error}":
        "не вдалося надіслати запит до {site}: {error}",
    "{site} did not accept a connection within {seconds} s":
        "{site} не прийняв з’єднання за {seconds} с",
    "cannot connect to {site}: {error}": "не вдається з’єднатися з {site}: {error}",
    "the connection to {site} broke while sending: {error}":
        "з’єднання з {site} обірвалося під час надсилання: {error}",
    "{site} did not answer within {seconds} s": "{site} не відповів за {seconds} с",
    "the connection to {site} broke before its answer came: {error}":
        "з’єднання з {site} обірвалося, перш ніж надійшла відповідь: {error}",
    "{site} is busy ({status}): {detail}": "{site} перевантажений ({status}): {detail}",
    "{site} is failing or unavailable ({status}): {detail}":
        "{site} працює зі збоями або недоступний ({status}): {detail}",
    # newsroom/sync/connectors/wordpress.py
    "the post was changed on {site} since it was sent (at {when} UTC)":
        "допис змінили на {site} після того, як його надіслали (о {when} UTC)",
    "post {id} is no longer on {site}: it was deleted or moved to the trash there":
        "допису {id} більше немає на {site}: його там видалили або перемістили в кошик",
    "the photo {file} cannot be read: {error}": "не вдається прочитати фото {file}: {error}",
    "{site} redirects to {location}: enter the address it redirects to":
        "{site} переспрямовує на {location}: вкажіть адресу, на яку він переспрямовує",
    "{site} does not answer like a WordPress site: its REST API is not at /wp-json/ nor at "
    "?rest_route=/": "{site} відповідає не як сайт WordPress: його REST API немає ні за "
                     "/wp-json/, ні за ?rest_route=/",
    "WordPress refused the request ({status}): {reason}":
        "WordPress відхилив запит ({status}): {reason}",
    "{site} does not accept application passwords (WordPress needs HTTPS for them, or a plugin "
    "turned them off), so the login {login} was refused":
        "{site} не приймає паролі застосунків (WordPress дозволяє їх лише через HTTPS, або їх "
        "вимкнув плагін), тому вхід {login} відхилено",
    "WordPress refused the login {login}: check the application password":
        "WordPress не прийняв вхід {login}: перевірте пароль застосунку",
    "the account {login} is not allowed to publish on this site: {reason}":
        "обліковому запису {login} не дозволено публікувати на цьому сайті: {reason}",
    "the account {login} is not allowed to upload photos to this site: {reason}":
        "обліковому запису {login} не дозволено завантажувати фото на цей сайт: {reason}",
    "the account {login} is not allowed to add categories or tags on this site: {reason}":
        "обліковому запису {login} не дозволено додавати рубрики чи теги на цьому сайті: "
        "{reason}",
    "the account {login} is not allowed to take posts off this site: {reason}":
        "обліковому запису {login} не дозволено знімати дописи з цього сайту: {reason}",
    "the site does not let anyone start its scheduled tasks (wp-cron.php): {reason}":
        "сайт нікому не дозволяє запускати його заплановані завдання (wp-cron.php): {reason}",
    "the account {login} is not allowed to read posts for editing on this site: {reason}":
        "обліковому запису {login} не дозволено відкривати дописи для редагування на цьому "
        "сайті: {reason}",
    "{site} answered with something that is not WordPress's REST API: {text}":
        "{site} відповів чимось, що не є REST API WordPress: {text}",
    "the CA file {path} cannot be used: {error}":
        "файл центру сертифікації {path} не вдається використати: {error}",
    "WordPress answered without the id of the post, photo or term":
        "WordPress відповів без ідентифікатора допису, фото чи рубрики",
}
