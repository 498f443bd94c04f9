"""Ukrainian catalogue, part for newsroom.sync (static_site); merged into MESSAGES_UK."""

MESSAGES: dict[str, str] = {
    "the site address {url} must start with http:// or https://":
        "адреса сайту {url} має починатися з http:// або https://",
    "the post {id} is no longer on the site": "статті {id} більше немає на сайті",
    "page and page size must be positive":
        "номер сторінки і кількість статей на ній мають бути додатними",
    "{value} is not a date and time": "«{value}» не є датою й часом",
    "cannot create the site folder {path}: {error}":
        "не вдається створити папку сайту {path}: {error}",
    "the folder {path} is not empty and was not made by Newsroom: choose an empty folder "
    "for the site":
        "папка {path} не порожня і створена не програмою Newsroom: виберіть для сайту "
        "порожню папку",
    "the page {path} was edited on the site since it was published":
        "сторінку {path} змінили на сайті після публікації",
    "the picture {file} cannot be read: {error}":
        "не вдається прочитати зображення {file}: {error}",
    "cannot write to the site folder {path}: {error}":
        "не вдається записати до папки сайту {path}: {error}",
    "writing the site folder {path} failed: {error}":
        "не вдалося записати файли в папку сайту {path}: {error}",
    "the site folder {path} is busy with another publication":
        "папка сайту {path} зайнята іншою публікацією",
    "the site's manifest {path} is damaged: {error}":
        "перелік публікацій сайту {path} пошкоджено: {error}",
}
