<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n article(s) loaded; scroll down for more</source>
        <translation>
            <numerusform>%n article loaded; scroll down for more</numerusform>
            <numerusform>%n articles loaded; scroll down for more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n article(s)</source>
        <translation>
            <numerusform>%n article</numerusform>
            <numerusform>%n articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n article(s) found, {loaded} loaded; scroll down for more</source>
        <translation>
            <numerusform>%n article found, {loaded} loaded; scroll down for more</numerusform>
            <numerusform>%n articles found, {loaded} loaded; scroll down for more</numerusform>
        </translation>
    </message>
</context>
</TS>
