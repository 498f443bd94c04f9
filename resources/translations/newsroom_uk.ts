<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Cannot open the database {url}: {error}</source>
        <translation>Не вдалося відкрити базу даних {url}: {error}</translation>
    </message>
    <message>
        <source>Newsroom</source>
        <translation>Редакція</translation>
    </message>
</context>
<context>
    <name>ArticleTableModel</name>
    <message>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Розділ</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Оновлено</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Заплановано на</translation>
    </message>
</context>
<context>
    <name>FirstUserDialog</name>
    <message>
        <source>Create the first user</source>
        <translation>Створення першого користувача</translation>
    </message>
    <message>
        <source>This database has no users yet. Create your account: you will be the administrator and can add the others.</source>
        <translation>У цій базі даних ще немає користувачів. Створіть свій обліковий запис: ви станете адміністратором і зможете додати інших.</translation>
    </message>
    <message>
        <source>e.g. olena</source>
        <translation>наприклад, olena</translation>
    </message>
    <message>
        <source>e.g. Olena Petrenko</source>
        <translation>наприклад, Олена Петренко</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логін:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Ім’я:</translation>
    </message>
    <message>
        <source>&amp;Signature:</source>
        <translation>&amp;Підпис:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Роль:</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>&amp;Створити</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Newsroom</source>
        <translation>Редакція</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Оновити</translation>
    </message>
    <message>
        <source>Reload the article list (F5)</source>
        <translation>Оновити список статей (F5)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Вийти</translation>
    </message>
    <message>
        <source>&amp;About Newsroom</source>
        <translation>&amp;Про програму «Редакція»</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Довідка</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Головна панель інструментів</translation>
    </message>
    <message>
        <source>All statuses (except the trash)</source>
        <translation>Усі статуси (крім кошика)</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Статус:</translation>
    </message>
    <message>
        <source>Signed in as {login}</source>
        <translation>Ви увійшли як {login}</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>База даних</translation>
    </message>
    <message>
        <source>No articles yet. Create the first article or import an archive: python -m newsroom article import FILE</source>
        <translation>Статей ще немає. Створіть першу статтю або імпортуйте архів: python -m newsroom article import ФАЙЛ</translation>
    </message>
    <message>
        <source>Loading articles…</source>
        <translation>Завантаження статей…</translation>
    </message>
    <message>
        <source>Could not load the articles: {error}
Press F5 to try again.</source>
        <translation>Не вдалося завантажити статті: {error}
Натисніть F5, щоб спробувати ще раз.</translation>
    </message>
    <message>
        <source>No articles with the status «{status}».</source>
        <translation>Немає статей зі статусом «{status}».</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <source>Could not load more articles: {error}</source>
        <translation>Не вдалося завантажити решту статей: {error}</translation>
    </message>
    <message numerus="yes">
        <source>%n article(s) loaded; scroll down for more</source>
        <translation>
            <numerusform>Завантажено %n статтю; прокрутіть униз, щоб побачити більше</numerusform>
            <numerusform>Завантажено %n статті; прокрутіть униз, щоб побачити більше</numerusform>
            <numerusform>Завантажено %n статей; прокрутіть униз, щоб побачити більше</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n article(s)</source>
        <translation>
            <numerusform>%n стаття</numerusform>
            <numerusform>%n статті</numerusform>
            <numerusform>%n статей</numerusform>
        </translation>
    </message>
    <message>
        <source>About Newsroom</source>
        <translation>Про програму «Редакція»</translation>
    </message>
    <message>
        <source>Newsroom {version}</source>
        <translation>Редакція {version}</translation>
    </message>
    <message>
        <source>The press office&apos;s editor: write and review news, link related articles and publish them to the website.</source>
        <translation>Редактор пресслужби: пишіть і рецензуйте новини, добирайте статті до «Читайте також» і публікуйте їх на вебсайті.</translation>
    </message>
</context>
<context>
    <name>PickUserDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Вхід</translation>
    </message>
    <message>
        <source>Who is working at this computer?</source>
        <translation>Хто працює за цим комп’ютером?</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Увійти</translation>
    </message>
    <message>
        <source>Every user of this database is deactivated. Ask the administrator to reactivate your account.</source>
        <translation>Усі користувачі цієї бази даних деактивовані. Попросіть адміністратора знову активувати ваш обліковий запис.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Newsroom</source>
        <translation>Редакція</translation>
    </message>
    <message>
        <source>The database could not be opened.</source>
        <translation>Не вдалося відкрити базу даних.</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Database error: {reason}</source>
        <translation>Помилка бази даних: {reason}</translation>
    </message>
    <message>
        <source>Internal error ({error}). Please tell the administrator what you were doing.</source>
        <translation>Внутрішня помилка ({error}). Розкажіть адміністраторові, що ви робили.</translation>
    </message>
    <message>
        <source>Internal error ({error}). The details were written to {path}</source>
        <translation>Внутрішня помилка ({error}). Подробиці записано у файл {path}</translation>
    </message>
</context>
</TS>
