"""The texts of data-rights requests: letters, reminders, follow-ups, complaints and checklists.

Pure Python, no Django: a drive renders thousands of letters in the background, and the texts
are checked by property tests. Every text exists in English, Spanish, French, Italian and
German (`LANGUAGES`); an unknown language gets English. The letters are Suma's own words; the
GDPR references are checked against the Regulation (Art. 12(3) one month, extendable by two;
Art. 12(5) free of charge; Art. 12(6) identity; Art. 15(1)(a)-(h), 15(3); 16-22; 77; 80(1)).

    request = Request(requester=Requester(name="Ana Ruiz", email="ana@example.org",
                                          language="es",
                                          identification=[("Driver ID", "D-123")]),
                      recipient=Recipient(name="Uber B.V.", address="..."),
                      kinds={Kind.ACCESS}, reference="SUMA-1", date=date(2025, 3, 3),
                      items=extra_items("uber"))
    letter = request_letter(request)          # Letter(subject, body, language, date, blocks)
    checklist("uber")                          # Art. 15(1)(a)-(h), the copy, then Uber's items

The catalogue below keeps each sentence's five languages together. Its format: `@key` starts
an entry, `xx:` starts a language, an indented line continues it (joined with a space).
French lines get non-breaking spaces before : ; ? ! and inside « ».
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

LANGUAGES = ("en", "es", "fr", "it", "de")
DEFAULT_LANGUAGE = "en"
REPLY_DAYS = 14  # what a reminder or a follow-up gives the controller, unless told otherwise


class Kind(enum.StrEnum):
    """What a request asks for, one GDPR article each."""

    ACCESS = "access"                            # Art. 15, always with 15(1)(h) and 15(3)
    RECTIFICATION = "rectification"              # Art. 16
    ERASURE = "erasure"                          # Art. 17
    RESTRICTION = "restriction"                  # Art. 18
    PORTABILITY = "portability"                  # Art. 20
    OBJECTION = "objection"                      # Art. 21
    AUTOMATED_DECISIONS = "automated_decisions"  # Art. 22

    @property
    def article(self) -> int:
        return ARTICLES[self]


ARTICLES: Mapping[Kind, int] = {
    Kind.ACCESS: 15, Kind.RECTIFICATION: 16, Kind.ERASURE: 17, Kind.RESTRICTION: 18,
    Kind.PORTABILITY: 20, Kind.OBJECTION: 21, Kind.AUTOMATED_DECISIONS: 22,
}
# Art. 19: rectification, erasure and restriction must be passed on to the recipients.
_NOTIFIED_TO_RECIPIENTS = frozenset({Kind.RECTIFICATION, Kind.ERASURE, Kind.RESTRICTION})

_CATALOGUE = """
@salutation
en: Dear Sir or Madam,
es: Estimados señores:
fr: Madame, Monsieur,
it: Gentili Signore e Signori,
de: Sehr geehrte Damen und Herren,

@closing
en: Yours faithfully,
es: Atentamente,
fr: Je vous prie d’agréer, Madame, Monsieur, l’expression de mes salutations distinguées.
it: Distinti saluti
de: Mit freundlichen Grüßen

@and
en: and
es: y
fr: et
it: e
de: und

@cite
en: Art. {n} GDPR
es: art. {n} RGPD
fr: art. {n} du RGPD
it: art. {n} RGPD
de: Art. {n} DSGVO

@under.one
en: under Article {n} GDPR
es: en virtud del artículo {n} del RGPD
fr: au titre de l’article {n} du RGPD
it: ai sensi dell’articolo {n} del RGPD
de: nach Art. {n} DSGVO

@under.many
en: under Articles {n} GDPR
es: en virtud de los artículos {n} del RGPD
fr: au titre des articles {n} du RGPD
it: ai sensi degli articoli {n} del RGPD
de: nach Art. {n} DSGVO

@reference
en: reference {reference}
es: referencia {reference}
fr: référence {reference}
it: riferimento {reference}
de: Referenz {reference}

@subject.request
en: Data subject request {under}
es: Ejercicio de derechos {under}
fr: Exercice de droits {under}
it: Esercizio dei diritti {under}
de: Antrag {under}

@subject.reminder
en: Reminder: my request of {sent}
es: Recordatorio: mi solicitud del {sent}
fr: Rappel : ma demande du {sent}
it: Sollecito: la mia richiesta del {sent}
de: Erinnerung: mein Antrag vom {sent}

@subject.followup
en: Incomplete answer to my request of {sent}
es: Respuesta incompleta a mi solicitud del {sent}
fr: Réponse incomplète à ma demande du {sent}
it: Risposta incompleta alla mia richiesta del {sent}
de: Unvollständige Antwort auf meinen Antrag vom {sent}

@subject.complaint
en: Complaint under Art. 77 GDPR against {controller}
es: Reclamación en virtud del art. 77 RGPD contra {controller}
fr: Réclamation au titre de l’art. 77 du RGPD contre {controller}
it: Reclamo ai sensi dell’art. 77 RGPD nei confronti di {controller}
de: Beschwerde nach Art. 77 DSGVO gegen {controller}

@request.intro
en: I am writing to exercise my rights as a data subject under the General Data Protection
    Regulation (Regulation (EU) 2016/679, “GDPR”) with regard to the personal data concerning
    me that {controller} processes.
es: Por medio de la presente ejerzo los derechos que me reconoce, como persona interesada, el
    Reglamento General de Protección de Datos (Reglamento (UE) 2016/679, «RGPD») respecto de
    los datos personales que me conciernen y que trata {controller}.
fr: Par la présente, j’exerce les droits que me confère, en tant que personne concernée, le
    règlement général sur la protection des données (règlement (UE) 2016/679, « RGPD ») à
    l’égard des données à caractère personnel me concernant que traite {controller}.
it: Con la presente esercito i diritti che mi riconosce, in qualità di persona interessata, il
    regolamento generale sulla protezione dei dati (regolamento (UE) 2016/679, «RGPD») in
    relazione ai dati personali che mi riguardano trattati da {controller}.
de: hiermit mache ich als betroffene Person meine Rechte aus der Datenschutz-Grundverordnung
    (Verordnung (EU) 2016/679, „DSGVO“) in Bezug auf die mich betreffenden personenbezogenen
    Daten geltend, die {controller} verarbeitet.

@kind.access.title
en: Right of access
es: Derecho de acceso
fr: Droit d’accès
it: Diritto di accesso
de: Auskunftsrecht

@kind.rectification.title
en: Right to rectification
es: Derecho de rectificación
fr: Droit de rectification
it: Diritto di rettifica
de: Recht auf Berichtigung

@kind.erasure.title
en: Right to erasure
es: Derecho de supresión
fr: Droit à l’effacement
it: Diritto alla cancellazione
de: Recht auf Löschung

@kind.restriction.title
en: Right to restriction of processing
es: Derecho a la limitación del tratamiento
fr: Droit à la limitation du traitement
it: Diritto di limitazione del trattamento
de: Recht auf Einschränkung der Verarbeitung

@kind.portability.title
en: Right to data portability
es: Derecho a la portabilidad de los datos
fr: Droit à la portabilité des données
it: Diritto alla portabilità dei dati
de: Recht auf Datenübertragbarkeit

@kind.objection.title
en: Right to object
es: Derecho de oposición
fr: Droit d’opposition
it: Diritto di opposizione
de: Widerspruchsrecht

@kind.automated_decisions.title
en: Automated individual decisions
es: Decisiones individuales automatizadas
fr: Décisions individuelles automatisées
it: Processo decisionale automatizzato relativo alle persone fisiche
de: Automatisierte Entscheidungen im Einzelfall

@kind.access.text
en: Please confirm whether or not you process personal data concerning me. If you do, please
    give me access to those data and to the following information (Art. 15(1) GDPR):
es: Les ruego que me confirmen si están tratando o no datos personales que me conciernen y, en
    tal caso, que me faciliten el acceso a dichos datos y a la siguiente información (art. 15.1
    RGPD):
fr: Je vous prie de me confirmer si des données à caractère personnel me concernant sont ou ne
    sont pas traitées et, lorsqu’elles le sont, de me donner accès à ces données ainsi qu’aux
    informations suivantes (art. 15, par. 1, du RGPD) :
it: Vi chiedo di confermarmi se sia o meno in corso un trattamento di dati personali che mi
    riguardano e, in tal caso, di darmi accesso a tali dati e alle seguenti informazioni (art.
    15, par. 1, RGPD):
de: Bitte bestätigen Sie mir, ob Sie mich betreffende personenbezogene Daten verarbeiten. Ist
    das der Fall, bitte ich um Auskunft über diese Daten und über folgende Informationen (Art.
    15 Abs. 1 DSGVO):

@a15.a
en: the purposes for which they are processed;
es: los fines del tratamiento;
fr: les finalités du traitement ;
it: le finalità del trattamento;
de: die Verarbeitungszwecke;

@a15.b
en: the categories of personal data concerned;
es: las categorías de datos personales de que se trate;
fr: les catégories de données à caractère personnel concernées ;
it: le categorie di dati personali in questione;
de: die Kategorien personenbezogener Daten, die verarbeitet werden;

@a15.c
en: the recipients or categories of recipient to whom they have been or will be disclosed, in
    particular recipients in third countries or international organisations, and the
    appropriate safeguards for any such transfer (Art. 15(2) GDPR);
es: los destinatarios o las categorías de destinatarios a los que se han comunicado o serán
    comunicados los datos, en particular los destinatarios en terceros países u organizaciones
    internacionales, así como las garantías adecuadas aplicables a dichas transferencias (art.
    15.2 RGPD);
fr: les destinataires ou catégories de destinataires auxquels les données ont été ou seront
    communiquées, en particulier les destinataires établis dans des pays tiers ou les
    organisations internationales, ainsi que les garanties appropriées encadrant ces transferts
    (art. 15, par. 2, du RGPD) ;
it: i destinatari o le categorie di destinatari a cui i dati sono stati o saranno comunicati,
    in particolare se destinatari di paesi terzi o organizzazioni internazionali, e le garanzie
    adeguate relative a tali trasferimenti (art. 15, par. 2, RGPD);
de: die Empfänger oder Kategorien von Empfängern, gegenüber denen die Daten offengelegt worden
    sind oder noch offengelegt werden, insbesondere Empfänger in Drittländern oder bei
    internationalen Organisationen, sowie die geeigneten Garantien für solche Übermittlungen
    (Art. 15 Abs. 2 DSGVO);

@a15.d
en: how long they will be stored or, if that is not possible, the criteria used to decide how
    long;
es: el plazo previsto de conservación de los datos o, de no ser posible, los criterios
    utilizados para determinarlo;
fr: la durée de conservation envisagée des données ou, lorsque ce n’est pas possible, les
    critères utilisés pour déterminer cette durée ;
it: il periodo di conservazione previsto dei dati oppure, se non è possibile, i criteri
    utilizzati per determinarlo;
de: die geplante Speicherdauer oder, falls dies nicht möglich ist, die Kriterien für die
    Festlegung dieser Dauer;

@a15.e
en: that I have the right to request rectification or erasure of the data or restriction of
    their processing, and to object to their processing;
es: la existencia del derecho a solicitar la rectificación o supresión de los datos o la
    limitación de su tratamiento, o a oponerme a dicho tratamiento;
fr: l’existence du droit de demander la rectification ou l’effacement des données ou une
    limitation de leur traitement, ou du droit de s’opposer à ce traitement ;
it: l’esistenza del diritto di chiedere la rettifica o la cancellazione dei dati o la
    limitazione del loro trattamento, o di oppormi al loro trattamento;
de: das Bestehen eines Rechts auf Berichtigung oder Löschung der Daten oder auf Einschränkung
    ihrer Verarbeitung oder eines Widerspruchsrechts gegen diese Verarbeitung;

@a15.f
en: that I have the right to lodge a complaint with a supervisory authority;
es: el derecho a presentar una reclamación ante una autoridad de control;
fr: le droit d’introduire une réclamation auprès d’une autorité de contrôle ;
it: il diritto di proporre reclamo a un’autorità di controllo;
de: das Bestehen eines Beschwerderechts bei einer Aufsichtsbehörde;

@a15.g
en: where the data were not collected from me, all available information about their source;
es: cuando los datos no se hayan obtenido de mí, cualquier información disponible sobre su
    origen;
fr: lorsque les données n’ont pas été collectées auprès de moi, toute information disponible
    quant à leur source ;
it: qualora i dati non siano stati raccolti presso di me, tutte le informazioni disponibili
    sulla loro origine;
de: wenn die Daten nicht bei mir erhoben wurden, alle verfügbaren Informationen über ihre
    Herkunft;

@a15.h
en: whether you take decisions about me by automated means, including profiling, as referred
    to in Art. 22(1) and (4) GDPR and, if so, meaningful information about the logic involved,
    as well as the significance and the envisaged consequences of that processing for me (Art.
    15(1)(h) GDPR).
es: la existencia de decisiones automatizadas, incluida la elaboración de perfiles, a que se
    refiere el art. 22.1 y 22.4 RGPD y, al menos en tales casos, información significativa
    sobre la lógica aplicada, así como la importancia y las consecuencias previstas de dicho
    tratamiento para mí (art. 15.1.h) RGPD).
fr: l’existence d’une prise de décision automatisée, y compris un profilage, visée à l’art. 22,
    par. 1 et 4, du RGPD et, au moins en pareils cas, des informations utiles concernant la
    logique sous-jacente, ainsi que l’importance et les conséquences prévues de ce traitement
    pour moi (art. 15, par. 1, point h), du RGPD).
it: l’esistenza di un processo decisionale automatizzato, compresa la profilazione, di cui
    all’art. 22, par. 1 e 4, RGPD e, almeno in tali casi, informazioni significative sulla
    logica utilizzata, nonché l’importanza e le conseguenze previste di tale trattamento per me
    (art. 15, par. 1, lett. h), RGPD).
de: das Bestehen einer automatisierten Entscheidungsfindung einschließlich Profiling gemäß Art.
    22 Abs. 1 und 4 DSGVO und – zumindest in diesen Fällen – aussagekräftige Informationen über
    die involvierte Logik sowie die Tragweite und die angestrebten Auswirkungen einer
    derartigen Verarbeitung für mich (Art. 15 Abs. 1 lit. h DSGVO).

@kind.access.copy
en: Please also provide a copy of the personal data undergoing processing (Art. 15(3) GDPR) in a
    structured, commonly used and machine-readable electronic format, such as CSV or JSON,
    together with an explanation of the codes, abbreviations and categories it uses, so that I
    can understand it.
es: Les ruego asimismo que me faciliten una copia de los datos personales objeto de tratamiento
    (art. 15.3 RGPD) en un formato electrónico estructurado, de uso común y lectura mecánica,
    como CSV o JSON, junto con una explicación de los códigos, abreviaturas y categorías que
    contenga, de modo que pueda comprenderla.
fr: Je vous prie également de me fournir une copie des données à caractère personnel faisant
    l’objet du traitement (art. 15, par. 3, du RGPD) dans un format électronique structuré,
    couramment utilisé et lisible par machine, tel que CSV ou JSON, accompagnée d’une
    explication des codes, abréviations et catégories qu’elle contient, afin que je puisse la
    comprendre.
it: Vi chiedo inoltre di fornirmi una copia dei dati personali oggetto di trattamento (art. 15,
    par. 3, RGPD) in un formato elettronico strutturato, di uso comune e leggibile da
    dispositivo automatico, come CSV o JSON, insieme a una spiegazione dei codici, delle
    abbreviazioni e delle categorie che vi compaiono, in modo che io possa comprenderla.
de: Außerdem bitte ich um eine Kopie der personenbezogenen Daten, die Gegenstand der
    Verarbeitung sind (Art. 15 Abs. 3 DSGVO), in einem strukturierten, gängigen und
    maschinenlesbaren elektronischen Format wie CSV oder JSON, zusammen mit einer Erläuterung
    der darin verwendeten Codes, Abkürzungen und Kategorien, damit ich sie verstehen kann.

@kind.access.details
en: My request concerns in particular:
es: Mi solicitud se refiere en particular a:
fr: Ma demande porte en particulier sur :
it: La mia richiesta riguarda in particolare:
de: Mein Antrag betrifft insbesondere:

@items.intro
en: Please make sure that your answer includes in particular the following data and
    information:
es: Les ruego que su respuesta incluya en particular los siguientes datos e informaciones:
fr: Je vous prie de veiller à ce que votre réponse comprenne en particulier les données et
    informations suivantes :
it: Vi chiedo che la Vostra risposta comprenda in particolare i seguenti dati e informazioni:
de: Bitte achten Sie darauf, dass Ihre Antwort insbesondere folgende Daten und Informationen
    umfasst:

@kind.rectification.text
en: Please rectify without undue delay the inaccurate personal data concerning me and complete
    the incomplete data (Art. 16 GDPR).
es: Les ruego que rectifiquen sin dilación indebida los datos personales inexactos que me
    conciernen y que completen los que estén incompletos (art. 16 RGPD).
fr: Je vous prie de rectifier dans les meilleurs délais les données à caractère personnel
    inexactes me concernant et de compléter celles qui sont incomplètes (art. 16 du RGPD).
it: Vi chiedo di rettificare senza ingiustificato ritardo i dati personali inesatti che mi
    riguardano e di integrare quelli incompleti (art. 16 RGPD).
de: Bitte berichtigen Sie unverzüglich die mich betreffenden unrichtigen personenbezogenen
    Daten und vervollständigen Sie unvollständige Daten (Art. 16 DSGVO).

@kind.rectification.details
en: The data concerned, and the correct data:
es: Datos afectados y datos correctos:
fr: Données concernées et données exactes :
it: Dati interessati e dati corretti:
de: Betroffene Daten und richtige Angaben:

@kind.erasure.text
en: Please erase without undue delay the personal data concerning me (Art. 17(1) GDPR). If you
    consider that you must keep some of the data under one of the exceptions in Art. 17(3)
    GDPR, please tell me which data, which exception and why, and erase all the rest. If you
    have made my data public, please take reasonable steps to inform the other controllers
    processing them of my request (Art. 17(2) GDPR).
es: Les ruego que supriman sin dilación indebida los datos personales que me conciernen (art.
    17.1 RGPD). Si consideran que deben conservar algunos datos en virtud de alguna de las
    excepciones del art. 17.3 RGPD, les ruego que me indiquen qué datos, qué excepción y por
    qué motivo, y que supriman todos los demás. Si han hecho públicos mis datos, les ruego que
    adopten medidas razonables para informar de mi solicitud a los demás responsables que los
    estén tratando (art. 17.2 RGPD).
fr: Je vous prie d’effacer dans les meilleurs délais les données à caractère personnel me
    concernant (art. 17, par. 1, du RGPD). Si vous estimez devoir conserver certaines données
    en vertu de l’une des exceptions prévues à l’art. 17, par. 3, du RGPD, je vous prie de
    m’indiquer lesquelles, l’exception invoquée et ses motifs, et d’effacer toutes les autres.
    Si vous avez rendu mes données publiques, je vous prie de prendre des mesures raisonnables
    pour informer de ma demande les autres responsables du traitement qui les traitent (art.
    17, par. 2, du RGPD).
it: Vi chiedo di cancellare senza ingiustificato ritardo i dati personali che mi riguardano
    (art. 17, par. 1, RGPD). Qualora riteniate di dover conservare alcuni dati in base a una
    delle eccezioni di cui all’art. 17, par. 3, RGPD, Vi prego di indicarmi quali dati, quale
    eccezione e per quale motivo, e di cancellare tutti gli altri. Se avete reso pubblici i
    miei dati, Vi prego di adottare misure ragionevoli per informare della mia richiesta gli
    altri titolari del trattamento che li trattano (art. 17, par. 2, RGPD).
de: Bitte löschen Sie unverzüglich die mich betreffenden personenbezogenen Daten (Art. 17 Abs.
    1 DSGVO). Sollten Sie der Ansicht sein, einzelne Daten aufgrund einer Ausnahme nach Art. 17
    Abs. 3 DSGVO aufbewahren zu müssen, teilen Sie mir bitte mit, welche Daten, welche Ausnahme
    und aus welchem Grund, und löschen Sie alle übrigen. Haben Sie meine Daten öffentlich
    gemacht, treffen Sie bitte angemessene Maßnahmen, um andere Verantwortliche, die sie
    verarbeiten, über meinen Antrag zu informieren (Art. 17 Abs. 2 DSGVO).

@kind.erasure.details
en: The data concerned, and the grounds:
es: Datos afectados y motivos:
fr: Données concernées et motifs :
it: Dati interessati e motivi:
de: Betroffene Daten und Gründe:

@kind.restriction.text
en: Please restrict the processing of the personal data concerning me (Art. 18(1) GDPR): while
    it is restricted, you may store the data but not otherwise process them without my
    consent, except as Art. 18(2) GDPR allows. Please inform me before the restriction is lifted
    (Art. 18(3) GDPR).
es: Les ruego que limiten el tratamiento de los datos personales que me conciernen (art. 18.1
    RGPD): mientras dure la limitación, solo podrán conservar los datos y no podrán tratarlos
    de ningún otro modo sin mi consentimiento, salvo en los casos previstos en el art. 18.2
    RGPD. Les ruego que me informen antes de que se levante la limitación (art. 18.3 RGPD).
fr: Je vous prie de limiter le traitement des données à caractère personnel me concernant (art.
    18, par. 1, du RGPD) : pendant la limitation, vous pouvez conserver les données, mais non
    les traiter autrement sans mon consentement, sauf dans les cas prévus à l’art. 18, par. 2,
    du RGPD. Je vous prie de m’informer avant la levée de la limitation (art. 18, par. 3, du
    RGPD).
it: Vi chiedo di limitare il trattamento dei dati personali che mi riguardano (art. 18, par. 1,
    RGPD): durante la limitazione potete conservare i dati, ma non trattarli in altro modo
    senza il mio consenso, salvo nei casi previsti dall’art. 18, par. 2, RGPD. Vi prego di
    informarmi prima che la limitazione sia revocata (art. 18, par. 3, RGPD).
de: Bitte schränken Sie die Verarbeitung der mich betreffenden personenbezogenen Daten ein (Art.
    18 Abs. 1 DSGVO): Während der Einschränkung dürfen Sie die Daten speichern, sie aber ohne
    meine Einwilligung nicht anderweitig verarbeiten, außer in den Fällen des Art. 18 Abs. 2
    DSGVO. Bitte unterrichten Sie mich, bevor die Einschränkung aufgehoben wird (Art. 18 Abs. 3
    DSGVO).

@kind.restriction.details
en: The data concerned, and the grounds:
es: Datos afectados y motivos:
fr: Données concernées et motifs :
it: Dati interessati e motivi:
de: Betroffene Daten und Gründe:

@kind.portability.text
en: Please provide me with the personal data concerning me that I have provided to you,
    including the data observed from my activity and my use of your service, in a structured,
    commonly used and machine-readable format (Art. 20(1) GDPR).
es: Les ruego que me faciliten los datos personales que me conciernen y que les he
    proporcionado, incluidos los datos observados a partir de mi actividad y del uso de su
    servicio, en un formato estructurado, de uso común y lectura mecánica (art. 20.1 RGPD).
fr: Je vous prie de me fournir les données à caractère personnel me concernant que je vous ai
    fournies, y compris les données observées à partir de mon activité et de mon utilisation de
    votre service, dans un format structuré, couramment utilisé et lisible par machine (art. 20,
    par. 1, du RGPD).
it: Vi chiedo di fornirmi i dati personali che mi riguardano e che Vi ho fornito, compresi i
    dati osservati a partire dalla mia attività e dall’uso del Vostro servizio, in un formato
    strutturato, di uso comune e leggibile da dispositivo automatico (art. 20, par. 1, RGPD).
de: Bitte stellen Sie mir die mich betreffenden personenbezogenen Daten, die ich Ihnen
    bereitgestellt habe, einschließlich der aus meiner Aktivität und der Nutzung Ihres Dienstes
    beobachteten Daten, in einem strukturierten, gängigen und maschinenlesbaren Format zur
    Verfügung (Art. 20 Abs. 1 DSGVO).

@kind.portability.details
en: The data concerned:
es: Datos afectados:
fr: Données concernées :
it: Dati interessati:
de: Betroffene Daten:

@kind.objection.text
en: I object to the processing of the personal data concerning me, including profiling, on
    grounds relating to my particular situation (Art. 21(1) GDPR). Please stop this processing
    unless you demonstrate compelling legitimate grounds which override my interests, rights
    and freedoms, or the processing is needed for the establishment, exercise or defence of
    legal claims. I also object to any processing of my data for direct marketing, including
    profiling related to it (Art. 21(2) GDPR).
es: Me opongo al tratamiento de los datos personales que me conciernen, incluida la elaboración
    de perfiles, por motivos relacionados con mi situación particular (art. 21.1 RGPD). Les
    ruego que pongan fin a dicho tratamiento, salvo que acrediten motivos legítimos imperiosos
    que prevalezcan sobre mis intereses, derechos y libertades, o que el tratamiento sea
    necesario para la formulación, el ejercicio o la defensa de reclamaciones. Me opongo
    asimismo a todo tratamiento de mis datos con fines de mercadotecnia directa, incluida la
    elaboración de perfiles relacionada con ella (art. 21.2 RGPD).
fr: Je m’oppose au traitement des données à caractère personnel me concernant, y compris au
    profilage, pour des raisons tenant à ma situation particulière (art. 21, par. 1, du RGPD).
    Je vous prie de mettre fin à ce traitement, à moins que vous ne démontriez qu’il existe des
    motifs légitimes et impérieux qui prévalent sur mes intérêts, droits et libertés, ou que le
    traitement est nécessaire à la constatation, à l’exercice ou à la défense de droits en
    justice. Je m’oppose en outre à tout traitement de mes données à des fins de prospection, y
    compris au profilage lié à une telle prospection (art. 21, par. 2, du RGPD).
it: Mi oppongo al trattamento dei dati personali che mi riguardano, compresa la profilazione,
    per motivi connessi alla mia situazione particolare (art. 21, par. 1, RGPD). Vi chiedo di
    cessare tale trattamento, salvo che dimostriate l’esistenza di motivi legittimi cogenti che
    prevalgono sui miei interessi, diritti e libertà, oppure che il trattamento sia necessario
    per l’accertamento, l’esercizio o la difesa di un diritto in sede giudiziaria. Mi oppongo
    inoltre a qualsiasi trattamento dei miei dati per finalità di marketing diretto, compresa la
    profilazione connessa a tale marketing (art. 21, par. 2, RGPD).
de: Ich widerspreche aus Gründen, die sich aus meiner besonderen Situation ergeben, der
    Verarbeitung der mich betreffenden personenbezogenen Daten einschließlich Profiling (Art. 21
    Abs. 1 DSGVO). Bitte stellen Sie diese Verarbeitung ein, es sei denn, Sie weisen zwingende
    schutzwürdige Gründe für die Verarbeitung nach, die meine Interessen, Rechte und Freiheiten
    überwiegen, oder die Verarbeitung dient der Geltendmachung, Ausübung oder Verteidigung von
    Rechtsansprüchen. Zudem widerspreche ich jeder Verarbeitung meiner Daten zum Zweck der
    Direktwerbung einschließlich eines damit verbundenen Profilings (Art. 21 Abs. 2 DSGVO).

@kind.objection.details
en: The processing I object to:
es: Tratamiento al que me opongo:
fr: Traitement auquel je m’oppose :
it: Trattamento a cui mi oppongo:
de: Verarbeitung, der ich widerspreche:

@kind.automated_decisions.text
en: I have the right not to be subject to a decision based solely on automated processing,
    including profiling, which produces legal effects concerning me or similarly significantly
    affects me (Art. 22(1) GDPR). Please tell me which such decisions you take or have taken
    about me. Where you rely on one of the exceptions in Art. 22(2) GDPR, I ask for human
    intervention on your part, I wish to express my point of view, and I contest those
    decisions (Art. 22(3) GDPR).
es: Tengo derecho a no ser objeto de una decisión basada únicamente en el tratamiento
    automatizado, incluida la elaboración de perfiles, que produzca efectos jurídicos en mí o me
    afecte significativamente de modo similar (art. 22.1 RGPD). Les ruego que me indiquen qué
    decisiones de este tipo toman o han tomado respecto de mí. Cuando se amparen en alguna de
    las excepciones del art. 22.2 RGPD, solicito la intervención humana por su parte, deseo
    expresar mi punto de vista e impugno dichas decisiones (art. 22.3 RGPD).
fr: J’ai le droit de ne pas faire l’objet d’une décision fondée exclusivement sur un traitement
    automatisé, y compris le profilage, produisant des effets juridiques me concernant ou
    m’affectant de manière significative de façon similaire (art. 22, par. 1, du RGPD). Je vous
    prie de m’indiquer les décisions de ce type que vous prenez ou avez prises à mon égard.
    Lorsque vous invoquez l’une des exceptions de l’art. 22, par. 2, du RGPD, je demande une
    intervention humaine de votre part, je souhaite exprimer mon point de vue et je conteste ces
    décisions (art. 22, par. 3, du RGPD).
it: Ho il diritto di non essere oggetto di una decisione basata unicamente sul trattamento
    automatizzato, compresa la profilazione, che produca effetti giuridici che mi riguardano o
    che incida in modo analogo significativamente sulla mia persona (art. 22, par. 1, RGPD). Vi
    chiedo di indicarmi quali decisioni di questo tipo prendete o avete preso nei miei
    confronti. Qualora Vi avvaliate di una delle eccezioni di cui all’art. 22, par. 2, RGPD,
    chiedo l’intervento umano da parte Vostra, intendo esprimere la mia opinione e contesto tali
    decisioni (art. 22, par. 3, RGPD).
de: Ich habe das Recht, nicht einer ausschließlich auf einer automatisierten Verarbeitung –
    einschließlich Profiling – beruhenden Entscheidung unterworfen zu werden, die mir gegenüber
    rechtliche Wirkung entfaltet oder mich in ähnlicher Weise erheblich beeinträchtigt (Art. 22
    Abs. 1 DSGVO). Bitte teilen Sie mir mit, welche derartigen Entscheidungen Sie über mich
    treffen oder getroffen haben. Soweit Sie sich auf eine Ausnahme nach Art. 22 Abs. 2 DSGVO
    stützen, verlange ich das Eingreifen einer Person seitens des Verantwortlichen, möchte
    meinen eigenen Standpunkt darlegen und fechte diese Entscheidungen an (Art. 22 Abs. 3
    DSGVO).

@kind.automated_decisions.details
en: The decisions concerned:
es: Decisiones afectadas:
fr: Décisions concernées :
it: Decisioni interessate:
de: Betroffene Entscheidungen:

@art19
en: Please communicate any rectification, erasure or restriction to each recipient to whom you
    have disclosed my personal data, and tell me who those recipients are (Art. 19 GDPR).
es: Les ruego que comuniquen toda rectificación, supresión o limitación a cada uno de los
    destinatarios a los que hayan comunicado mis datos personales y que me informen sobre dichos
    destinatarios (art. 19 RGPD).
fr: Je vous prie de notifier toute rectification, tout effacement ou toute limitation à chacun
    des destinataires auxquels mes données à caractère personnel ont été communiquées, et de me
    fournir des informations sur ces destinataires (art. 19 du RGPD).
it: Vi chiedo di comunicare ogni rettifica, cancellazione o limitazione a ciascuno dei
    destinatari cui sono stati trasmessi i miei dati personali e di comunicarmi chi sono tali
    destinatari (art. 19 RGPD).
de: Bitte teilen Sie jede Berichtigung, Löschung oder Einschränkung allen Empfängern mit, denen
    Sie meine personenbezogenen Daten offengelegt haben, und unterrichten Sie mich über diese
    Empfänger (Art. 19 DSGVO).

@deadline
en: Please answer without undue delay and in any event within one month of receiving this
    request (Art. 12(3) GDPR). That period may be extended by two further months only where
    necessary, taking into account the complexity and number of requests; you must then inform
    me of the extension, with the reasons for the delay, within one month of receiving the
    request. If you do not act on my request, please tell me why within one month (Art. 12(4)
    GDPR).
es: Les ruego que respondan sin dilación indebida y, en cualquier caso, en el plazo de un mes a
    partir de la recepción de esta solicitud (art. 12.3 RGPD). Dicho plazo solo puede
    prorrogarse otros dos meses en caso necesario, teniendo en cuenta la complejidad y el número
    de solicitudes; en tal caso, deberán informarme de la prórroga y de los motivos de la
    dilación dentro del mes siguiente a la recepción de la solicitud. Si no dan curso a mi
    solicitud, les ruego que me indiquen los motivos en el plazo de un mes (art. 12.4 RGPD).
fr: Je vous prie de me répondre dans les meilleurs délais et en tout état de cause dans un délai
    d’un mois à compter de la réception de la présente demande (art. 12, par. 3, du RGPD). Ce
    délai ne peut être prolongé de deux mois qu’en cas de nécessité, compte tenu de la
    complexité et du nombre de demandes ; vous devez alors m’informer de cette prolongation et
    des motifs du report dans un délai d’un mois à compter de la réception de la demande. Si
    vous ne donnez pas suite à ma demande, je vous prie de m’en indiquer les motifs dans un délai
    d’un mois (art. 12, par. 4, du RGPD).
it: Vi chiedo di rispondere senza ingiustificato ritardo e comunque entro un mese dal
    ricevimento della presente richiesta (art. 12, par. 3, RGPD). Tale termine può essere
    prorogato di due mesi solo se necessario, tenuto conto della complessità e del numero delle
    richieste; in tal caso dovete informarmi della proroga e dei motivi del ritardo entro un
    mese dal ricevimento della richiesta. Se non ottemperate alla mia richiesta, Vi prego di
    comunicarmene i motivi entro un mese (art. 12, par. 4, RGPD).
de: Bitte antworten Sie unverzüglich, spätestens aber innerhalb eines Monats nach Eingang dieses
    Antrags (Art. 12 Abs. 3 DSGVO). Diese Frist kann nur um weitere zwei Monate verlängert
    werden, wenn dies unter Berücksichtigung der Komplexität und der Anzahl von Anträgen
    erforderlich ist; in diesem Fall müssen Sie mich innerhalb eines Monats nach Eingang des
    Antrags über die Fristverlängerung und die Gründe für die Verzögerung unterrichten. Werden
    Sie auf meinen Antrag hin nicht tätig, teilen Sie mir bitte innerhalb eines Monats die
    Gründe dafür mit (Art. 12 Abs. 4 DSGVO).

@free
en: The information and any action taken on this request must be provided free of charge (Art.
    12(5) GDPR).
es: La información y cualquier actuación realizada en respuesta a esta solicitud son gratuitas
    (art. 12.5 RGPD).
fr: Les informations fournies et toute mesure prise en réponse à la présente demande sont
    gratuites (art. 12, par. 5, du RGPD).
it: Le informazioni e le azioni intraprese in risposta alla presente richiesta sono gratuite
    (art. 12, par. 5, RGPD).
de: Die Auskunft und alle Maßnahmen aufgrund dieses Antrags sind unentgeltlich (Art. 12 Abs. 5
    DSGVO).

@identity
en: To identify me, please use the following details:
es: Para identificarme, pueden utilizar los siguientes datos:
fr: Pour m’identifier, vous pouvez utiliser les éléments suivants :
it: Per identificarmi potete utilizzare i seguenti dati:
de: Zu meiner Identifizierung können Sie folgende Angaben verwenden:

@identity.doubt
en: If you have reasonable doubts about my identity, please tell me promptly what additional
    information you need to confirm it (Art. 12(6) GDPR), and ask for no more than that purpose
    requires.
es: Si tienen dudas razonables sobre mi identidad, les ruego que me indiquen sin demora qué
    información adicional necesitan para confirmarla (art. 12.6 RGPD), sin solicitar más de lo
    necesario para ese fin.
fr: Si vous avez des doutes raisonnables quant à mon identité, je vous prie de m’indiquer sans
    tarder les informations supplémentaires nécessaires pour la confirmer (art. 12, par. 6, du
    RGPD), sans demander davantage que ce qu’exige cette fin.
it: Qualora abbiate ragionevoli dubbi sulla mia identità, Vi prego di indicarmi tempestivamente
    quali informazioni aggiuntive Vi servono per confermarla (art. 12, par. 6, RGPD), senza
    chiedere più di quanto necessario a tal fine.
de: Sollten Sie begründete Zweifel an meiner Identität haben, teilen Sie mir bitte umgehend mit,
    welche zusätzlichen Informationen Sie zu ihrer Bestätigung benötigen (Art. 12 Abs. 6
    DSGVO), und verlangen Sie nicht mehr, als dafür erforderlich ist.

@label.name
en: Name
es: Nombre
fr: Nom
it: Nome
de: Name

@label.email
en: Email address
es: Correo electrónico
fr: Adresse électronique
it: Indirizzo e-mail
de: E-Mail-Adresse

@label.address
en: Postal address
es: Dirección postal
fr: Adresse postale
it: Indirizzo postale
de: Postanschrift

@label.reference
en: Reference
es: Referencia
fr: Référence
it: Riferimento
de: Referenz

@reply.both
en: Please send your answer to my email address {email}, or by post to: {address}.
es: Les ruego que envíen su respuesta a mi dirección de correo electrónico {email} o por correo
    postal a: {address}.
fr: Je vous prie d’adresser votre réponse à mon adresse électronique {email} ou par courrier
    postal à : {address}.
it: Vi prego di inviare la Vostra risposta al mio indirizzo e-mail {email} oppure per posta a:
    {address}.
de: Bitte senden Sie Ihre Antwort an meine E-Mail-Adresse {email} oder per Post an: {address}.

@reply.email
en: Please send your answer to my email address {email}.
es: Les ruego que envíen su respuesta a mi dirección de correo electrónico {email}.
fr: Je vous prie d’adresser votre réponse à mon adresse électronique {email}.
it: Vi prego di inviare la Vostra risposta al mio indirizzo e-mail {email}.
de: Bitte senden Sie Ihre Antwort an meine E-Mail-Adresse {email}.

@reply.address
en: Please send your answer by post to: {address}.
es: Les ruego que envíen su respuesta por correo postal a: {address}.
fr: Je vous prie d’adresser votre réponse par courrier postal à : {address}.
it: Vi prego di inviare la Vostra risposta per posta a: {address}.
de: Bitte senden Sie Ihre Antwort per Post an: {address}.

@reply.none
en: Please send your answer to the address from which you received this request.
es: Les ruego que envíen su respuesta a la dirección desde la que han recibido esta solicitud.
fr: Je vous prie d’adresser votre réponse à l’adresse d’où provient la présente demande.
it: Vi prego di inviare la Vostra risposta all’indirizzo da cui avete ricevuto la presente
    richiesta.
de: Bitte senden Sie Ihre Antwort an die Adresse, von der Sie diesen Antrag erhalten haben.

@reference.line
en: Please quote the reference {reference} in all correspondence about this request.
es: Les ruego que indiquen la referencia {reference} en toda comunicación relativa a esta
    solicitud.
fr: Je vous prie de rappeler la référence {reference} dans toute correspondance relative à la
    présente demande.
it: Vi prego di indicare il riferimento {reference} in ogni comunicazione relativa alla presente
    richiesta.
de: Bitte geben Sie in jeder Korrespondenz zu diesem Antrag die Referenz {reference} an.

@reminder.sent
en: On {sent} I sent {controller} a request {under}{ref}.
es: El {sent} remití a {controller} una solicitud {under}{ref}.
fr: Le {sent}, j’ai adressé à {controller} une demande {under}{ref}.
it: Il {sent} ho inviato a {controller} una richiesta {under}{ref}.
de: Am {sent} habe ich einen Antrag {under} an {controller} gesendet{ref}.

@reminder.received
en: You received it on {received}.
es: La recibieron el {received}.
fr: Vous l’avez reçue le {received}.
it: L’avete ricevuta il {received}.
de: Sie haben ihn am {received} erhalten.

@reminder.extended
en: On {extended} you informed me that you were extending the period for answering it (Art.
    12(3) GDPR).
es: El {extended} me informaron de que prorrogaban el plazo para responderla (art. 12.3 RGPD).
fr: Le {extended}, vous m’avez notifié la prolongation du délai de réponse (art. 12, par. 3, du
    RGPD).
it: Il {extended} mi avete comunicato la proroga del termine per rispondere (art. 12, par. 3,
    RGPD).
de: Am {extended} haben Sie mir mitgeteilt, dass Sie die Frist zur Beantwortung verlängern (Art.
    12 Abs. 3 DSGVO).

@deadline.past
en: The period for answering it expired on {deadline}.
es: El plazo para responderla venció el {deadline}.
fr: Le délai de réponse a expiré le {deadline}.
it: Il termine per rispondere è scaduto il {deadline}.
de: Die Frist zur Beantwortung ist am {deadline} abgelaufen.

@deadline.future
en: The period for answering it ends on {deadline}.
es: El plazo para responderla vence el {deadline}.
fr: Le délai de réponse expire le {deadline}.
it: Il termine per rispondere scade il {deadline}.
de: Die Frist zur Beantwortung endet am {deadline}.

@reminder.no_answer
en: To date I have received no answer.
es: Hasta la fecha no he recibido respuesta.
fr: À ce jour, je n’ai reçu aucune réponse.
it: Ad oggi non ho ricevuto alcuna risposta.
de: Bis heute habe ich keine Antwort erhalten.

@reminder.incomplete
en: The answer I received on {answered} is incomplete.
es: La respuesta que recibí el {answered} es incompleta.
fr: La réponse que j’ai reçue le {answered} est incomplète.
it: La risposta che ho ricevuto il {answered} è incompleta.
de: Die Antwort, die ich am {answered} erhalten habe, ist unvollständig.

@reminder.ask
en: Please comply with my request in full by {reply_by}.
es: Les ruego que atiendan íntegramente mi solicitud a más tardar el {reply_by}.
fr: Je vous prie de satisfaire pleinement à ma demande au plus tard le {reply_by}.
it: Vi chiedo di dare pieno riscontro alla mia richiesta entro il {reply_by}.
de: Bitte erfüllen Sie meinen Antrag bis spätestens zum {reply_by} vollständig.

@warn
en: If I have not received a complete answer by {reply_by}, I will lodge a complaint with the
    competent supervisory authority (Art. 77 GDPR).
es: Si no recibo una respuesta completa a más tardar el {reply_by}, presentaré una reclamación
    ante la autoridad de control competente (art. 77 RGPD).
fr: Si je n’ai pas reçu de réponse complète le {reply_by} au plus tard, j’introduirai une
    réclamation auprès de l’autorité de contrôle compétente (art. 77 du RGPD).
it: Se entro il {reply_by} non avrò ricevuto una risposta completa, proporrò reclamo
    all’autorità di controllo competente (art. 77 RGPD).
de: Liegt mir bis zum {reply_by} keine vollständige Antwort vor, werde ich Beschwerde bei der
    zuständigen Aufsichtsbehörde einlegen (Art. 77 DSGVO).

@reminder.concerned
en: My request concerned:
es: Mi solicitud se refería a:
fr: Ma demande portait sur :
it: La mia richiesta riguardava:
de: Mein Antrag betraf:

@followup.thanks_on
en: Thank you for your answer of {answered} to my request of {sent} {under}{ref}.
es: Les agradezco su respuesta del {answered} a mi solicitud del {sent} {under}{ref}.
fr: Je vous remercie de votre réponse du {answered} à ma demande du {sent} {under}{ref}.
it: Vi ringrazio per la Vostra risposta del {answered} alla mia richiesta del {sent} {under}{ref}.
de: Vielen Dank für Ihre Antwort vom {answered} auf meinen Antrag vom {sent} {under}{ref}.

@followup.thanks
en: Thank you for your answer to my request of {sent} {under}{ref}.
es: Les agradezco su respuesta a mi solicitud del {sent} {under}{ref}.
fr: Je vous remercie de votre réponse à ma demande du {sent} {under}{ref}.
it: Vi ringrazio per la Vostra risposta alla mia richiesta del {sent} {under}{ref}.
de: Vielen Dank für Ihre Antwort auf meinen Antrag vom {sent} {under}{ref}.

@followup.missing
en: Your answer is incomplete: it does not contain the following data and information, to which
    I am entitled:
es: Su respuesta es incompleta: no contiene los siguientes datos e informaciones, a los que tengo
    derecho:
fr: Votre réponse est incomplète : elle ne contient pas les données et informations suivantes,
    auxquelles j’ai droit :
it: La Vostra risposta è incompleta: non contiene i seguenti dati e informazioni, cui ho diritto:
de: Ihre Antwort ist unvollständig: Sie enthält folgende Daten und Informationen nicht, auf die
    ich Anspruch habe:

@followup.ask
en: Please provide them without undue delay, and in any event by {reply_by}. An incomplete
    answer does not fulfil my request.
es: Les ruego que me los faciliten sin dilación indebida y, en cualquier caso, a más tardar el
    {reply_by}. Una respuesta incompleta no satisface mi solicitud.
fr: Je vous prie de me les communiquer dans les meilleurs délais et au plus tard le {reply_by}.
    Une réponse incomplète ne satisfait pas à ma demande.
it: Vi chiedo di fornirmeli senza ingiustificato ritardo e comunque entro il {reply_by}. Una
    risposta incompleta non soddisfa la mia richiesta.
de: Bitte stellen Sie mir diese unverzüglich, spätestens bis zum {reply_by}, zur Verfügung. Eine
    unvollständige Antwort erfüllt meinen Antrag nicht.

@complaint.intro
en: I hereby lodge a complaint under Art. 77 GDPR against {controller}, which has not complied
    with my request {under}{ref}.
es: Por medio de la presente presento una reclamación en virtud del art. 77 RGPD contra
    {controller}, que no ha atendido mi solicitud {under}{ref}.
fr: Par la présente, j’introduis une réclamation au titre de l’art. 77 du RGPD contre
    {controller}, qui n’a pas satisfait à ma demande {under}{ref}.
it: Con la presente propongo reclamo ai sensi dell’art. 77 RGPD nei confronti di {controller},
    che non ha dato riscontro alla mia richiesta {under}{ref}.
de: hiermit lege ich Beschwerde nach Art. 77 DSGVO gegen {controller} ein, da meinem Antrag
    {under}{ref} nicht entsprochen wurde.

@complaint.intro_union
en: {union} hereby lodges, on behalf of the data subject named below, a complaint under Art. 77
    GDPR against {controller}, which has not complied with the data subject’s request
    {under}{ref}. {union} acts under Art. 80(1) GDPR, mandated by the data subject on {mandate};
    the mandate is enclosed.
es: {union}, en nombre de la persona interesada que se indica a continuación, presenta una
    reclamación en virtud del art. 77 RGPD contra {controller}, que no ha atendido la solicitud
    de la persona interesada {under}{ref}. {union} actúa en virtud del art. 80.1 RGPD, por
    mandato de la persona interesada de fecha {mandate}, que se adjunta.
fr: {union} introduit, au nom de la personne concernée désignée ci-dessous, une réclamation au
    titre de l’art. 77 du RGPD contre {controller}, qui n’a pas satisfait à la demande de la
    personne concernée {under}{ref}. {union} agit au titre de l’art. 80, par. 1, du RGPD, en
    vertu d’un mandat de la personne concernée daté du {mandate}, joint à la présente.
it: {union} propone, per conto della persona interessata indicata di seguito, reclamo ai sensi
    dell’art. 77 RGPD nei confronti di {controller}, che non ha dato riscontro alla richiesta
    della persona interessata {under}{ref}. {union} agisce ai sensi dell’art. 80, par. 1, RGPD,
    su mandato della persona interessata del {mandate}, allegato alla presente.
de: {union} legt im Namen der unten genannten betroffenen Person Beschwerde nach Art. 77 DSGVO
    gegen {controller} ein, da dem Antrag der betroffenen Person {under}{ref} nicht entsprochen
    wurde. {union} handelt nach Art. 80 Abs. 1 DSGVO im Auftrag der betroffenen Person; der
    Auftrag vom {mandate} liegt bei.

@complaint.data_subject
en: Data subject
es: Persona interesada
fr: Personne concernée
it: Persona interessata
de: Betroffene Person

@complaint.controller
en: Controller
es: Responsable del tratamiento
fr: Responsable du traitement
it: Titolare del trattamento
de: Verantwortlicher

@complaint.request
en: The request
es: La solicitud
fr: La demande
it: La richiesta
de: Der Antrag

@complaint.rights
en: Rights exercised
es: Derechos ejercidos
fr: Droits exercés
it: Diritti esercitati
de: Geltend gemachte Rechte

@complaint.no_answer
en: The controller has not answered the request, and the period for answering it expired on
    {deadline}.
es: El responsable no ha respondido a la solicitud y el plazo para hacerlo venció el
    {deadline}.
fr: Le responsable du traitement n’a pas répondu à la demande, et le délai de réponse a expiré
    le {deadline}.
it: Il titolare non ha risposto alla richiesta e il termine per rispondere è scaduto il
    {deadline}.
de: Der Verantwortliche hat den Antrag nicht beantwortet; die Frist zur Beantwortung ist am
    {deadline} abgelaufen.

@complaint.no_answer_yet
en: The controller has not answered the request; the period for answering it ends on
    {deadline}.
es: El responsable no ha respondido a la solicitud; el plazo para hacerlo vence el {deadline}.
fr: Le responsable du traitement n’a pas répondu à la demande ; le délai de réponse expire le
    {deadline}.
it: Il titolare non ha risposto alla richiesta; il termine per rispondere scade il {deadline}.
de: Der Verantwortliche hat den Antrag nicht beantwortet; die Frist zur Beantwortung endet am
    {deadline}.

@complaint.answered
en: The controller answered on {answered}; the period for answering expired on {deadline}.
es: El responsable respondió el {answered}; el plazo de respuesta vencía el {deadline}.
fr: Le responsable du traitement a répondu le {answered} ; le délai de réponse expirait le
    {deadline}.
it: Il titolare ha risposto il {answered}; il termine per rispondere scadeva il {deadline}.
de: Der Verantwortliche hat am {answered} geantwortet; die Antwortfrist lief am {deadline} ab.

@complaint.late
en: The controller answered on {answered}, after the period for answering had expired on
    {deadline}.
es: El responsable respondió el {answered}, después de que venciera el plazo de respuesta el
    {deadline}.
fr: Le responsable du traitement a répondu le {answered}, après l’expiration du délai de
    réponse le {deadline}.
it: Il titolare ha risposto il {answered}, dopo la scadenza del termine di risposta il
    {deadline}.
de: Der Verantwortliche hat am {answered} geantwortet, nach Ablauf der Antwortfrist am
    {deadline}.

@complaint.incomplete
en: The answer is incomplete. It lacks the following data and information:
es: La respuesta es incompleta. Faltan los siguientes datos e informaciones:
fr: La réponse est incomplète. Il y manque les données et informations suivantes :
it: La risposta è incompleta. Mancano i seguenti dati e informazioni:
de: Die Antwort ist unvollständig. Es fehlen folgende Daten und Informationen:

@complaint.asks
en: I ask the authority to:
es: Solicito a la autoridad que:
fr: Je demande à l’autorité :
it: Chiedo all’autorità di:
de: Ich bitte die Aufsichtsbehörde,

@complaint.asks_union
en: {union} asks the authority to:
es: {union} solicita a la autoridad que:
fr: {union} demande à l’autorité :
it: {union} chiede all’autorità di:
de: {union} bittet die Aufsichtsbehörde,

@asks.1
en: investigate this complaint (Art. 57(1)(f) GDPR);
es: investigue esta reclamación (art. 57.1.f) RGPD);
fr: d’examiner la présente réclamation (art. 57, par. 1, point f), du RGPD) ;
it: esaminare il presente reclamo (art. 57, par. 1, lett. f), RGPD);
de: diese Beschwerde zu untersuchen (Art. 57 Abs. 1 lit. f DSGVO),

@asks.2
en: order the controller to comply with the data subject’s request in full (Art. 58(2)(c)
    GDPR);
es: ordene al responsable que atienda íntegramente la solicitud de la persona interesada (art.
    58.2.c) RGPD);
fr: d’ordonner au responsable du traitement de satisfaire pleinement à la demande de la personne
    concernée (art. 58, par. 2, point c), du RGPD) ;
it: ingiungere al titolare di soddisfare integralmente la richiesta della persona interessata
    (art. 58, par. 2, lett. c), RGPD);
de: den Verantwortlichen anzuweisen, dem Antrag der betroffenen Person vollständig zu entsprechen
    (Art. 58 Abs. 2 lit. c DSGVO),

@asks.3
en: take any other corrective measure it considers appropriate (Art. 58(2) GDPR);
es: adopte cualquier otra medida correctiva que considere adecuada (art. 58.2 RGPD);
fr: de prendre toute autre mesure correctrice qu’elle juge appropriée (art. 58, par. 2, du RGPD) ;
it: adottare ogni altra misura correttiva che ritenga opportuna (art. 58, par. 2, RGPD);
de: jede weitere geeignete Abhilfemaßnahme zu ergreifen (Art. 58 Abs. 2 DSGVO) und

@asks.4
en: inform the complainant of the progress and the outcome of the complaint (Art. 77(2) GDPR).
es: informe a la parte reclamante del curso y del resultado de la reclamación (art. 77.2 RGPD).
fr: d’informer l’auteur de la réclamation de l’état d’avancement et de l’issue de la réclamation
    (art. 77, par. 2, du RGPD).
it: informare il reclamante dello stato e dell’esito del reclamo (art. 77, par. 2, RGPD).
de: die beschwerdeführende Partei über den Stand und das Ergebnis der Beschwerde zu unterrichten
    (Art. 77 Abs. 2 DSGVO).

@complaint.enclosures
en: Enclosures:
es: Documentos adjuntos:
fr: Pièces jointes :
it: Allegati:
de: Anlagen:

@enc.request
en: Copy of the request of {sent}
es: Copia de la solicitud del {sent}
fr: Copie de la demande du {sent}
it: Copia della richiesta del {sent}
de: Kopie des Antrags vom {sent}

@enc.answers
en: The controller’s answers
es: Las respuestas del responsable
fr: Les réponses du responsable du traitement
it: Le risposte del titolare
de: Die Antworten des Verantwortlichen

@enc.reminders
en: The reminders sent to the controller
es: Los recordatorios enviados al responsable
fr: Les rappels adressés au responsable du traitement
it: I solleciti inviati al titolare
de: Die Erinnerungen an den Verantwortlichen

@enc.mandate
en: Mandate of {mandate} (Art. 80(1) GDPR)
es: Mandato del {mandate} (art. 80.1 RGPD)
fr: Mandat du {mandate} (art. 80, par. 1, du RGPD)
it: Mandato del {mandate} (art. 80, par. 1, RGPD)
de: Auftrag vom {mandate} (Art. 80 Abs. 1 DSGVO)

@on_behalf
en: on behalf of {name}
es: en nombre de {name}
fr: au nom de {name}
it: per conto di {name}
de: im Namen von {name}

@annex.heading
en: Annex {n}: {title}
es: Anexo {n}: {title}
fr: Annexe {n} : {title}
it: Allegato {n}: {title}
de: Anlage {n}: {title}

@annex.timeline
en: Timeline of the request
es: Cronología de la solicitud
fr: Chronologie de la demande
it: Cronologia della richiesta
de: Zeitlicher Ablauf des Antrags

@annex.missing
en: Missing data and information
es: Datos e informaciones que faltan
fr: Données et informations manquantes
it: Dati e informazioni mancanti
de: Fehlende Daten und Informationen

@ev.sent
en: Request sent
es: Envío de la solicitud
fr: Envoi de la demande
it: Invio della richiesta
de: Antrag gesendet

@ev.received
en: Request received by the controller
es: Recepción de la solicitud por el responsable
fr: Réception de la demande par le responsable du traitement
it: Ricevimento della richiesta da parte del titolare
de: Eingang des Antrags beim Verantwortlichen

@ev.extended
en: Extension of the period notified by the controller (Art. 12(3) GDPR)
es: Notificación de la prórroga del plazo por el responsable (art. 12.3 RGPD)
fr: Notification de la prolongation du délai par le responsable du traitement (art. 12, par. 3,
    du RGPD)
it: Comunicazione della proroga del termine da parte del titolare (art. 12, par. 3, RGPD)
de: Mitteilung der Fristverlängerung durch den Verantwortlichen (Art. 12 Abs. 3 DSGVO)

@ev.deadline
en: Deadline for the answer
es: Vencimiento del plazo de respuesta
fr: Expiration du délai de réponse
it: Scadenza del termine di risposta
de: Ablauf der Antwortfrist

@ev.reminded
en: Reminder sent
es: Envío de un recordatorio
fr: Envoi d’un rappel
it: Invio di un sollecito
de: Erinnerung gesendet

@ev.answered
en: Answer received
es: Recepción de la respuesta
fr: Réception de la réponse
it: Ricevimento della risposta
de: Antwort erhalten

@ev.no_receipt
en: no acknowledgement of receipt
es: sin acuse de recibo
fr: pas d’accusé de réception
it: nessuna conferma di ricezione
de: keine Eingangsbestätigung

@ev.no_answer
en: no answer
es: sin respuesta
fr: aucune réponse
it: nessuna risposta
de: keine Antwort

@col.date
en: Date
es: Fecha
fr: Date
it: Data
de: Datum

@col.event
en: Event
es: Hecho
fr: Événement
it: Evento
de: Ereignis

@col.no
en: No.
es: N.º
fr: N°
it: N.
de: Nr.

@col.item
en: Item
es: Elemento
fr: Élément
it: Elemento
de: Punkt

@col.member
en: Data subject
es: Persona interesada
fr: Personne concernée
it: Persona interessata
de: Betroffene Person

@col.articles
en: Articles
es: Artículos
fr: Articles
it: Articoli
de: Artikel

@col.sent
en: Sent
es: Enviada
fr: Envoyée
it: Inviata
de: Gesendet

@col.deadline
en: Deadline
es: Plazo
fr: Échéance
it: Scadenza
de: Frist

@col.answered
en: Answer
es: Respuesta
fr: Réponse
it: Risposta
de: Antwort

@col.status
en: Status
es: Estado
fr: État
it: Stato
de: Stand

@col.missing
en: Missing
es: Faltan
fr: Manquants
it: Mancanti
de: Fehlend

@status.no_answer
en: no answer
es: sin respuesta
fr: sans réponse
it: nessuna risposta
de: keine Antwort

@status.incomplete
en: incomplete
es: incompleta
fr: incomplète
it: incompleta
de: unvollständig

@status.complete
en: complete
es: completa
fr: complète
it: completa
de: vollständig

@status.pending
en: within the deadline
es: dentro del plazo
fr: dans le délai
it: entro il termine
de: Frist läuft

@status.late
en: {status}, late
es: {status}, fuera de plazo
fr: {status}, en retard
it: {status}, in ritardo
de: {status}, verspätet

@dossier.title
en: Summary of the requests to {controller}
es: Resumen de las solicitudes dirigidas a {controller}
fr: Récapitulatif des demandes adressées à {controller}
it: Riepilogo delle richieste rivolte a {controller}
de: Übersicht der Anträge an {controller}

@dossier.intro_union
en: Requests sent to {controller} by members of {union}, as of {date}.
es: Solicitudes enviadas a {controller} por miembros de {union}, a {date}.
fr: Demandes adressées à {controller} par des membres de {union}, au {date}.
it: Richieste inviate a {controller} da membri di {union}, al {date}.
de: Anträge von Mitgliedern von {union} an {controller}, Stand: {date}.

@dossier.intro
en: Requests sent to {controller}, as of {date}.
es: Solicitudes enviadas a {controller}, a {date}.
fr: Demandes adressées à {controller}, au {date}.
it: Richieste inviate a {controller}, al {date}.
de: Anträge an {controller}, Stand: {date}.

@dossier.requests
en: Requests
es: Solicitudes
fr: Demandes
it: Richieste
de: Anträge

@dossier.first
en: First request sent
es: Primera solicitud enviada
fr: Première demande envoyée
it: Prima richiesta inviata
de: Erster Antrag gesendet

@dossier.last
en: Last request sent
es: Última solicitud enviada
fr: Dernière demande envoyée
it: Ultima richiesta inviata
de: Letzter Antrag gesendet

@dossier.no_answer
en: No answer by the deadline
es: Sin respuesta dentro del plazo
fr: Sans réponse dans le délai
it: Nessuna risposta entro il termine
de: Keine Antwort innerhalb der Frist

@dossier.incomplete
en: Incomplete answer
es: Respuesta incompleta
fr: Réponse incomplète
it: Risposta incompleta
de: Unvollständige Antwort

@dossier.complete
en: Complete answer
es: Respuesta completa
fr: Réponse complète
it: Risposta completa
de: Vollständige Antwort

@dossier.late
en: Answered after the deadline
es: Respondidas fuera de plazo
fr: Réponses après l’échéance
it: Risposte oltre il termine
de: Nach Fristablauf beantwortet

@dossier.extended
en: Extension notified
es: Prórroga notificada
fr: Prolongation notifiée
it: Proroga comunicata
de: Fristverlängerung mitgeteilt

@dossier.pending
en: Still within the deadline
es: Aún dentro del plazo
fr: Encore dans le délai
it: Ancora entro il termine
de: Frist läuft noch

@dossier.most_missing
en: Most often missing
es: Elementos que faltan con más frecuencia
fr: Éléments le plus souvent manquants
it: Elementi mancanti più spesso
de: Am häufigsten fehlend

@item.purposes
en: Purposes of the processing (Art. 15(1)(a) GDPR)
es: Fines del tratamiento (art. 15.1.a) RGPD)
fr: Finalités du traitement (art. 15, par. 1, point a), du RGPD)
it: Finalità del trattamento (art. 15, par. 1, lett. a), RGPD)
de: Verarbeitungszwecke (Art. 15 Abs. 1 lit. a DSGVO)

@item.categories
en: Categories of personal data (Art. 15(1)(b) GDPR)
es: Categorías de datos personales (art. 15.1.b) RGPD)
fr: Catégories de données à caractère personnel (art. 15, par. 1, point b), du RGPD)
it: Categorie di dati personali (art. 15, par. 1, lett. b), RGPD)
de: Kategorien personenbezogener Daten (Art. 15 Abs. 1 lit. b DSGVO)

@item.recipients
en: Recipients or categories of recipients (Art. 15(1)(c) GDPR)
es: Destinatarios o categorías de destinatarios (art. 15.1.c) RGPD)
fr: Destinataires ou catégories de destinataires (art. 15, par. 1, point c), du RGPD)
it: Destinatari o categorie di destinatari (art. 15, par. 1, lett. c), RGPD)
de: Empfänger oder Kategorien von Empfängern (Art. 15 Abs. 1 lit. c DSGVO)

@item.retention
en: Storage period, or the criteria for it (Art. 15(1)(d) GDPR)
es: Plazo de conservación o los criterios para determinarlo (art. 15.1.d) RGPD)
fr: Durée de conservation ou les critères pour la déterminer (art. 15, par. 1, point d), du
    RGPD)
it: Periodo di conservazione o i criteri per determinarlo (art. 15, par. 1, lett. d), RGPD)
de: Speicherdauer oder die Kriterien für ihre Festlegung (Art. 15 Abs. 1 lit. d DSGVO)

@item.rights
en: The rights to rectification, erasure, restriction and objection (Art. 15(1)(e) GDPR)
es: Los derechos de rectificación, supresión, limitación y oposición (art. 15.1.e) RGPD)
fr: Les droits de rectification, d’effacement, de limitation et d’opposition (art. 15, par. 1,
    point e), du RGPD)
it: I diritti di rettifica, cancellazione, limitazione e opposizione (art. 15, par. 1, lett. e),
    RGPD)
de: Die Rechte auf Berichtigung, Löschung, Einschränkung und Widerspruch (Art. 15 Abs. 1 lit. e
    DSGVO)

@item.complaint
en: The right to lodge a complaint with a supervisory authority (Art. 15(1)(f) GDPR)
es: El derecho a presentar una reclamación ante una autoridad de control (art. 15.1.f) RGPD)
fr: Le droit d’introduire une réclamation auprès d’une autorité de contrôle (art. 15, par. 1,
    point f), du RGPD)
it: Il diritto di proporre reclamo a un’autorità di controllo (art. 15, par. 1, lett. f), RGPD)
de: Das Beschwerderecht bei einer Aufsichtsbehörde (Art. 15 Abs. 1 lit. f DSGVO)

@item.source
en: The source of the data not collected from me (Art. 15(1)(g) GDPR)
es: El origen de los datos que no se obtuvieron de mí (art. 15.1.g) RGPD)
fr: La source des données qui n’ont pas été collectées auprès de moi (art. 15, par. 1, point g),
    du RGPD)
it: L’origine dei dati non raccolti presso di me (art. 15, par. 1, lett. g), RGPD)
de: Die Herkunft der nicht bei mir erhobenen Daten (Art. 15 Abs. 1 lit. g DSGVO)

@item.automated_logic
en: Automated decision-making: its existence, the logic involved, its significance and
    envisaged consequences (Art. 15(1)(h) GDPR)
es: Decisiones automatizadas: su existencia, la lógica aplicada, su importancia y sus
    consecuencias previstas (art. 15.1.h) RGPD)
fr: Prise de décision automatisée : son existence, la logique sous-jacente, son importance et
    ses conséquences prévues (art. 15, par. 1, point h), du RGPD)
it: Processo decisionale automatizzato: la sua esistenza, la logica utilizzata, l’importanza e le
    conseguenze previste (art. 15, par. 1, lett. h), RGPD)
de: Automatisierte Entscheidungsfindung: ihr Bestehen, die involvierte Logik, ihre Tragweite und
    ihre angestrebten Auswirkungen (Art. 15 Abs. 1 lit. h DSGVO)

@item.copy
en: A copy of the data in a machine-readable electronic format (Art. 15(3) GDPR)
es: Una copia de los datos en un formato electrónico de lectura mecánica (art. 15.3 RGPD)
fr: Une copie des données dans un format électronique lisible par machine (art. 15, par. 3, du
    RGPD)
it: Una copia dei dati in un formato elettronico leggibile da dispositivo automatico (art. 15,
    par. 3, RGPD)
de: Eine Kopie der Daten in einem maschinenlesbaren elektronischen Format (Art. 15 Abs. 3 DSGVO)

@item.rectified
en: Confirmation that the inaccurate data were rectified and the incomplete data completed (Art.
    16 GDPR)
es: Confirmación de que se han rectificado los datos inexactos y completado los incompletos
    (art. 16 RGPD)
fr: Confirmation de la rectification des données inexactes et du complément des données
    incomplètes (art. 16 du RGPD)
it: Conferma della rettifica dei dati inesatti e dell’integrazione di quelli incompleti (art. 16
    RGPD)
de: Bestätigung der Berichtigung unrichtiger und der Vervollständigung unvollständiger Daten
    (Art. 16 DSGVO)

@item.erased
en: Confirmation that the data were erased, or the exception relied on for any data kept (Art.
    17 GDPR)
es: Confirmación de la supresión de los datos o, para los datos conservados, la excepción
    invocada (art. 17 RGPD)
fr: Confirmation de l’effacement des données ou, pour les données conservées, l’exception
    invoquée (art. 17 du RGPD)
it: Conferma della cancellazione dei dati o, per i dati conservati, l’eccezione invocata (art.
    17 RGPD)
de: Bestätigung der Löschung oder, für aufbewahrte Daten, die geltend gemachte Ausnahme (Art. 17
    DSGVO)

@item.restricted
en: Confirmation that the processing was restricted (Art. 18 GDPR)
es: Confirmación de la limitación del tratamiento (art. 18 RGPD)
fr: Confirmation de la limitation du traitement (art. 18 du RGPD)
it: Conferma della limitazione del trattamento (art. 18 RGPD)
de: Bestätigung der Einschränkung der Verarbeitung (Art. 18 DSGVO)

@item.recipients_notified
en: Confirmation that the recipients were informed, and who they are (Art. 19 GDPR)
es: Confirmación de que se ha informado a los destinatarios, y quiénes son (art. 19 RGPD)
fr: Confirmation que les destinataires ont été informés, et leur identité (art. 19 du RGPD)
it: Conferma che i destinatari sono stati informati, e chi sono (art. 19 RGPD)
de: Bestätigung, dass die Empfänger unterrichtet wurden, und wer sie sind (Art. 19 DSGVO)

@item.portable_copy
en: The data I provided, in a structured, commonly used and machine-readable format (Art. 20
    GDPR)
es: Los datos que he facilitado, en un formato estructurado, de uso común y lectura mecánica
    (art. 20 RGPD)
fr: Les données que j’ai fournies, dans un format structuré, couramment utilisé et lisible par
    machine (art. 20 du RGPD)
it: I dati che ho fornito, in un formato strutturato, di uso comune e leggibile da dispositivo
    automatico (art. 20 RGPD)
de: Die von mir bereitgestellten Daten in einem strukturierten, gängigen und maschinenlesbaren
    Format (Art. 20 DSGVO)

@item.objection_outcome
en: Confirmation that the processing stopped, or the compelling legitimate grounds relied on
    (Art. 21 GDPR)
es: Confirmación del cese del tratamiento o los motivos legítimos imperiosos invocados (art. 21
    RGPD)
fr: Confirmation de l’arrêt du traitement ou les motifs légitimes et impérieux invoqués (art. 21
    du RGPD)
it: Conferma della cessazione del trattamento o i motivi legittimi cogenti invocati (art. 21
    RGPD)
de: Bestätigung der Einstellung der Verarbeitung oder die geltend gemachten zwingenden
    schutzwürdigen Gründe (Art. 21 DSGVO)

@item.human_review
en: The automated decisions about me and their review by a person, or why none is due (Art. 22
    GDPR)
es: Las decisiones automatizadas sobre mí y su revisión por una persona, o por qué no procede
    (art. 22 RGPD)
fr: Les décisions automatisées me concernant et leur réexamen par une personne, ou les raisons
    pour lesquelles il n’y a pas lieu (art. 22 du RGPD)
it: Le decisioni automatizzate che mi riguardano e il loro riesame da parte di una persona, o i
    motivi per cui non è dovuto (art. 22 RGPD)
de: Die automatisierten Entscheidungen über mich und ihre Überprüfung durch eine Person, oder
    warum diese nicht geschuldet ist (Art. 22 DSGVO)

@item.trips
en: Trip data: every trip with its times, pick-up and drop-off places, route, distance, fare and
    my earnings
es: Datos de los viajes: cada viaje con sus horarios, lugares de recogida y destino, ruta,
    distancia, tarifa y mis ingresos
fr: Données des courses : chaque course avec ses horaires, lieux de prise en charge et de
    dépose, itinéraire, distance, prix et ma rémunération
it: Dati delle corse: ogni corsa con orari, luoghi di partenza e di arrivo, percorso, distanza,
    tariffa e i miei compensi
de: Fahrtdaten: jede Fahrt mit Uhrzeiten, Abhol- und Zielort, Route, Entfernung, Fahrpreis und
    meinem Verdienst

@item.deliveries
en: Delivery data: every order I delivered, with its times, places, distance and my pay
es: Datos de los repartos: cada pedido que he repartido, con sus horarios, lugares, distancia y
    mi retribución
fr: Données des livraisons : chaque commande que j’ai livrée, avec ses horaires, lieux, distance
    et ma rémunération
it: Dati delle consegne: ogni ordine che ho consegnato, con orari, luoghi, distanza e il mio
    compenso
de: Lieferdaten: jede von mir ausgelieferte Bestellung mit Uhrzeiten, Orten, Entfernung und
    meiner Vergütung

@item.ratings
en: Ratings I received: each individual rating and comment, with its date and job, and my
    average rating
es: Valoraciones recibidas: cada valoración y comentario, con su fecha y servicio, y mi
    valoración media
fr: Évaluations reçues : chaque note et commentaire, avec la date et la mission, et ma note
    moyenne
it: Valutazioni ricevute: ogni singola valutazione e commento, con data e prestazione, e la mia
    valutazione media
de: Erhaltene Bewertungen: jede einzelne Bewertung und jeder Kommentar mit Datum und Auftrag
    sowie meine Durchschnittsbewertung

@item.tags
en: Profile tags and notes: labels, notes and reports about me by staff, customers or systems
    (for example about my behaviour)
es: Etiquetas y notas del perfil: etiquetas, notas e informes sobre mí del personal, los
    clientes o los sistemas (por ejemplo, sobre mi comportamiento)
fr: Étiquettes et notes du profil : étiquettes, notes et signalements me concernant émanant du
    personnel, des clients ou des systèmes (par exemple sur mon comportement)
it: Etichette e note del profilo: etichette, note e segnalazioni su di me da parte del
    personale, dei clienti o dei sistemi (ad esempio sul mio comportamento)
de: Profil-Tags und Notizen: Kennzeichnungen, Notizen und Meldungen über mich von Beschäftigten,
    Kundschaft oder Systemen (zum Beispiel zu meinem Verhalten)

@item.performance
en: Performance statistics and scores about me (for example acceptance and cancellation rates,
    reliability or excellence scores)
es: Estadísticas de rendimiento y puntuaciones sobre mí (por ejemplo, tasas de aceptación y de
    cancelación, puntuaciones de fiabilidad o de excelencia)
fr: Statistiques de performance et scores me concernant (par exemple taux d’acceptation et
    d’annulation, scores de fiabilité ou d’excellence)
it: Statistiche di rendimento e punteggi che mi riguardano (ad esempio tassi di accettazione e
    di cancellazione, punteggi di affidabilità o di eccellenza)
de: Leistungsstatistiken und Scores über mich (zum Beispiel Annahme- und Stornoquoten,
    Zuverlässigkeits- oder Exzellenz-Scores)

@item.location
en: Location data: the GPS positions recorded while I was logged in, with their times
es: Datos de ubicación: las posiciones GPS registradas durante mis sesiones en la aplicación,
    con su fecha y hora
fr: Données de localisation : les positions GPS enregistrées pendant mes sessions de connexion,
    horodatées
it: Dati di localizzazione: le posizioni GPS registrate durante le mie sessioni di collegamento,
    con data e ora
de: Standortdaten: die während meiner Anmeldung erfassten GPS-Positionen mit Zeitstempel

@item.matching_logic
en: The logic of the automated allocation of work (matching and dispatch): the criteria, their
    weight and how they affected me
es: La lógica de la asignación automatizada del trabajo (emparejamiento y despacho): los
    criterios, su peso y cómo me han afectado
fr: La logique de l’attribution automatisée du travail (mise en relation et répartition) : les
    critères, leur poids et leur effet sur moi
it: La logica dell’assegnazione automatizzata del lavoro (abbinamento e smistamento): i criteri,
    il loro peso e come hanno inciso su di me
de: Die Logik der automatisierten Arbeitszuteilung (Vermittlung und Disposition): die Kriterien,
    ihre Gewichtung und ihre Auswirkungen auf mich

@item.pricing_logic
en: The logic of automated pricing and pay: how fares and my pay per job are calculated
es: La lógica de la fijación automatizada de precios y retribuciones: cómo se calculan las
    tarifas y mi retribución por servicio
fr: La logique de la tarification et de la rémunération automatisées : le calcul des prix et de
    ma rémunération par mission
it: La logica della determinazione automatizzata di prezzi e compensi: come vengono calcolati le
    tariffe e il mio compenso per prestazione
de: Die Logik der automatisierten Preis- und Vergütungsberechnung: wie Fahrpreise und meine
    Vergütung je Auftrag berechnet werden

@item.deactivation_logic
en: The logic of automated deactivation, suspension and fraud detection: the signals used, any
    scores about me and the decisions taken
es: La lógica de la desactivación, la suspensión y la detección de fraude automatizadas: las
    señales utilizadas, las puntuaciones sobre mí y las decisiones adoptadas
fr: La logique de la désactivation, de la suspension et de la détection de fraude automatisées :
    les signaux utilisés, les scores me concernant et les décisions prises
it: La logica della disattivazione, della sospensione e del rilevamento delle frodi
    automatizzati: i segnali utilizzati, gli eventuali punteggi che mi riguardano e le decisioni
    adottate
de: Die Logik der automatisierten Deaktivierung, Sperrung und Betrugserkennung: die verwendeten
    Signale, Scores über mich und die getroffenen Entscheidungen

@item.identity_checks
en: Identity checks and facial recognition: the images taken, the results and the decisions
    based on them
es: Verificaciones de identidad y reconocimiento facial: las imágenes tomadas, los resultados y
    las decisiones basadas en ellos
fr: Contrôles d’identité et reconnaissance faciale : les images prises, les résultats et les
    décisions fondées sur ceux-ci
it: Verifiche dell’identità e riconoscimento facciale: le immagini acquisite, i risultati e le
    decisioni basate su di essi
de: Identitätsprüfungen und Gesichtserkennung: die aufgenommenen Bilder, die Ergebnisse und die
    darauf gestützten Entscheidungen

@item.off_platform_activity
en: Activity off Meta technologies (formerly “off-Facebook activity”): the apps and websites that
    shared my activity, and what they shared
es: Actividad fuera de las tecnologías de Meta (antes «actividad fuera de Facebook»): las
    aplicaciones y sitios web que han compartido mi actividad y lo que han compartido
fr: Activité en dehors des technologies Meta (anciennement « activité en dehors de Facebook ») :
    les applications et sites web qui ont partagé mon activité, et ce qu’ils ont partagé
it: Attività al di fuori delle tecnologie di Meta (già «attività fuori da Facebook»): le app e i
    siti web che hanno condiviso la mia attività e che cosa hanno condiviso
de: Aktivitäten außerhalb der Meta-Technologien (früher „Aktivitäten außerhalb von Facebook“):
    die Apps und Websites, die meine Aktivitäten geteilt haben, und was sie geteilt haben

@item.advertisers_contact_list
en: The advertisers who uploaded a list containing my contact information, and when
es: Los anunciantes que han subido una lista con mis datos de contacto, y cuándo
fr: Les annonceurs qui ont importé une liste contenant mes coordonnées, et à quelle date
it: Gli inserzionisti che hanno caricato un elenco contenente i miei dati di contatto, e quando
de: Die Werbetreibenden, die eine Liste mit meinen Kontaktdaten hochgeladen haben, und wann

@item.ad_interests
en: Ad interests and ad topics inferred about me, and the categories used to target ads at me
es: Intereses y temas publicitarios inferidos sobre mí, y las categorías utilizadas para
    dirigirme anuncios
fr: Centres d’intérêt et sujets publicitaires déduits à mon sujet, et les catégories utilisées
    pour me cibler
it: Interessi e argomenti pubblicitari dedotti su di me, e le categorie utilizzate per
    indirizzarmi annunci
de: Über mich abgeleitete Werbeinteressen und Werbethemen sowie die Kategorien, nach denen mir
    Werbung gezeigt wird

@item.device_log
en: Logged information: devices, IP addresses, log-ins and location information
es: Información registrada: dispositivos, direcciones IP, inicios de sesión e información de
    ubicación
fr: Informations journalisées : appareils, adresses IP, connexions et informations de
    localisation
it: Informazioni registrate: dispositivi, indirizzi IP, accessi e informazioni sulla posizione
de: Protokollierte Informationen: Geräte, IP-Adressen, Anmeldungen und Standortinformationen

@item.location_history
en: Location history (Timeline), with places and times
es: Historial de ubicaciones (Cronología), con lugares y horas
fr: Historique des positions (Vos trajets), avec lieux et horaires
it: Cronologia delle posizioni (Spostamenti), con luoghi e orari
de: Standortverlauf (Zeitachse) mit Orten und Zeiten

@item.web_app_activity
en: Web & App Activity, search history, and YouTube watch and search history
es: Actividad en la Web y en Aplicaciones, historial de búsqueda e historial de reproducciones y
    búsquedas de YouTube
fr: Activité sur le Web et les applications, historique des recherches, et historique des vidéos
    regardées et des recherches sur YouTube
it: Attività web e app, cronologia delle ricerche e cronologia delle visualizzazioni e delle
    ricerche di YouTube
de: Web- & App-Aktivitäten, Suchverlauf sowie YouTube-Wiedergabe- und Suchverlauf

@item.orders
en: Order history, returns and payments
es: Historial de pedidos, devoluciones y pagos
fr: Historique des commandes, des retours et des paiements
it: Cronologia degli ordini, dei resi e dei pagamenti
de: Bestellverlauf, Rücksendungen und Zahlungen

@item.browsing
en: Browsing and search history in the shop
es: Historial de navegación y de búsqueda en la tienda
fr: Historique de navigation et de recherche dans la boutique
it: Cronologia di navigazione e di ricerca nel negozio
de: Browsing- und Suchverlauf im Shop

@item.voice_recordings
en: Alexa voice recordings and their transcripts
es: Grabaciones de voz de Alexa y sus transcripciones
fr: Enregistrements vocaux Alexa et leurs transcriptions
it: Registrazioni vocali di Alexa e relative trascrizioni
de: Alexa-Sprachaufnahmen und ihre Transkripte

@item.ad_audiences
en: The advertising audiences and segments I was placed in
es: Las audiencias y los segmentos publicitarios en los que se me ha incluido
fr: Les audiences et segments publicitaires qui m’ont été attribués
it: I pubblici e i segmenti pubblicitari che mi sono stati attribuiti
de: Die Werbezielgruppen und Segmente, denen ich zugeordnet wurde
"""


def _french_spacing(text: str) -> str:
    """French typography: a non-breaking space before : ; ? ! and inside « »."""
    for plain, fixed in ((" :", "\u00a0:"), (" ;", "\u00a0;"), (" ?", "\u00a0?"),
                         (" !", "\u00a0!"), ("« ", "«\u00a0"), (" »", "\u00a0»")):
        text = text.replace(plain, fixed)
    return text


def _parse(catalogue: str) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    entry: dict[str, str] = {}
    language = ""
    for line in catalogue.splitlines():
        if not line.strip():
            continue
        if line.startswith("@"):
            entry = texts.setdefault(line[1:].strip(), {})
        elif line[:3].rstrip(":") in LANGUAGES and line[2:3] == ":":
            language = line[:2]
            entry[language] = line[3:].strip()
        else:
            entry[language] += " " + line.strip()
    for entry in texts.values():
        if "fr" in entry:
            entry["fr"] = _french_spacing(entry["fr"])
    return texts


TEXTS: Mapping[str, Mapping[str, str]] = _parse(_CATALOGUE)

# Italian elides the article before 8 and 11 ("l’8 marzo", "dell’11 marzo").
_IT_ELISION = re.compile(r"\b(il|Il|del|al|dal|nel) (8|11)\b")
_IT_ELIDED = {"il": "l’", "Il": "L’", "del": "dell’", "al": "all’", "dal": "dall’",
              "nel": "nell’"}


def _t(key: str, language: str, **values: object) -> str:
    text = TEXTS[key][language]
    if values:
        text = text.format(**values)
        for value in values.values():  # "Uber B.V." ends a sentence without a second stop
            if isinstance(value, str) and value.endswith("."):
                text = text.replace(value + ".", value)
        if language == "it":
            text = _IT_ELISION.sub(lambda m: _IT_ELIDED[m[1]] + m[2], text)
    return text


# ------------------------------------------------------------------ language, dates, numbers

def language_of(code: str | None) -> str:
    """The letter language for a member's language code ("es", "fr-BE", "pt" → "en")."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
}


def format_date(day: date, language: str) -> str:
    """A date as a letter writes it: 3 March 2025, 3 de marzo de 2025, 1er mars 2025, 3. März."""
    language = language_of(language)
    month = _MONTHS[language][day.month - 1]
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    if language == "de":
        return f"{day.day}. {month} {day.year}"
    if language == "fr" and day.day == 1:
        return f"1er {month} {day.year}"
    if language == "it" and day.day == 1:
        return f"1º {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def format_short_date(day: date, language: str) -> str:
    """A date for a table: 2025-03-01 in English (unambiguous for every reader of English),
    01/03/2025 in Spanish, French and Italian, 01.03.2025 in German."""
    language = language_of(language)
    if language == "en":
        return day.isoformat()
    return day.strftime("%d.%m.%Y" if language == "de" else "%d/%m/%Y")


def format_number(number: int, language: str) -> str:
    """1,000 in English, 1.000 in Spanish, Italian and German, 1 000 in French."""
    text = f"{number:,}"
    language = language_of(language)
    if language == "en":
        return text
    return text.replace(",", "\u00a0" if language == "fr" else ".")


def _join(parts: Sequence[str], language: str) -> str:
    """15, 17 and 21."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {_t('and', language)} {parts[-1]}"


# ------------------------------------------------------------------ checklists

@dataclass(frozen=True)
class Item:
    """One thing an answer should contain; `labels` by language."""

    key: str
    labels: Mapping[str, str] = field(compare=False, repr=False)


def _item(key: str) -> Item:
    return Item(key, TEXTS[f"item.{key}"])


ARTICLE_15_ITEMS: tuple[Item, ...] = tuple(_item(key) for key in (
    "purposes", "categories", "recipients", "retention", "rights", "complaint", "source",
    "automated_logic", "copy"))

# What an answer to each other kind should contain (Art. 19 for 16, 17 and 18).
KIND_ITEMS: Mapping[Kind, tuple[Item, ...]] = {
    Kind.ACCESS: ARTICLE_15_ITEMS,
    Kind.RECTIFICATION: (_item("rectified"),),
    Kind.ERASURE: (_item("erased"),),
    Kind.RESTRICTION: (_item("restricted"),),
    Kind.PORTABILITY: (_item("portable_copy"),),
    Kind.OBJECTION: (_item("objection_outcome"),),
    Kind.AUTOMATED_DECISIONS: (_item("human_review"),),
}
RECIPIENTS_NOTIFIED = _item("recipients_notified")

_RIDE_HAILING = ("trips", "ratings", "tags", "performance", "location", "matching_logic",
                 "pricing_logic", "deactivation_logic", "identity_checks")
_DELIVERY = ("deliveries", "performance", "location", "matching_logic", "pricing_logic",
             "deactivation_logic", "identity_checks")
_META = ("off_platform_activity", "advertisers_contact_list", "ad_interests", "device_log")
_AMAZON = ("orders", "browsing", "voice_recordings", "ad_audiences")

# Extra items per controller, keyed by the datenanfragen.de directory slug. Uber's are what
# drivers litigated for in Amsterdam (trips, ratings, profile tags, the logic of matching,
# pricing and deactivation); Glovo's include the "excellence score" Italy's Garante fined.
CHECKLISTS: Mapping[str, tuple[Item, ...]] = {
    slug: tuple(_item(key) for key in keys) for slug, keys in {
        "uber": _RIDE_HAILING,
        "bolt": _RIDE_HAILING,
        "deliveroo": _DELIVERY,
        "glovo": _DELIVERY,
        "wolt": _DELIVERY,
        "takeaway-com": _DELIVERY,
        "facebook": _META,
        "instagram": _META,
        "google": ("location_history", "web_app_activity", "ad_interests", "device_log"),
        **{f"amazon-{country}": _AMAZON for country in ("de", "es", "fr", "gb", "it", "nl")},
    }.items()
}

_ITEMS_BY_KEY: Mapping[str, Item] = {
    key[len("item."):]: Item(key[len("item."):], labels)
    for key, labels in TEXTS.items() if key.startswith("item.")}


def item(key: str) -> Item:
    """The item with this key (a completeness check stores keys); KeyError if unknown."""
    return _ITEMS_BY_KEY[key]


def label(entry: Item | str, language: str) -> str:
    """An item's label in a language (English when missing); free text stays as written."""
    if isinstance(entry, str):
        return entry.strip()
    return entry.labels.get(language_of(language)) or entry.labels[DEFAULT_LANGUAGE]


def extra_items(slug: str | None) -> list[Item]:
    """The controller's own items (none for a controller without a checklist)."""
    return list(CHECKLISTS.get((slug or "").strip().lower(), ()))


def checklist(slug: str | None = None, kinds: Iterable[Kind | str] = (Kind.ACCESS,)) -> list[Item]:
    """What a complete answer contains: per kind (Art. 15(1)(a)-(h) and the copy for access),
    Art. 19 when rectification, erasure or restriction was asked, then the controller's items
    when the data themselves were asked for (access or portability)."""
    ordered = _kinds(kinds)
    items = [entry for kind in ordered for entry in KIND_ITEMS[kind]]
    if _NOTIFIED_TO_RECIPIENTS.intersection(ordered):
        items.append(RECIPIENTS_NOTIFIED)
    if Kind.ACCESS in ordered or Kind.PORTABILITY in ordered:
        items.extend(extra_items(slug))
    return items


# ------------------------------------------------------------------ inputs and outputs

@dataclass(frozen=True)
class Recipient:
    """A controller, a supervisory authority, or a union sending on someone's behalf."""

    name: str
    address: str = ""  # postal, one line per line
    email: str = ""


@dataclass(frozen=True)
class Requester:
    """The data subject. `identification` holds what the controller requires to find them,
    as (label, value) pairs: ("Driver ID", "D-123"), ("Phone number used with the account", …).
    """

    name: str
    email: str = ""
    address: str = ""
    language: str = DEFAULT_LANGUAGE
    identification: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class Request:
    """One member's request to one controller. `details` says, per kind, what to rectify,
    which processing to object to, and so on; `items` are asked for explicitly (a controller's
    checklist, or free text)."""

    requester: Requester
    recipient: Recipient
    kinds: Collection[Kind | str]
    reference: str
    date: date
    details: Mapping[Kind | str, str] = field(default_factory=dict)
    items: Sequence[Item | str] = ()


@dataclass(frozen=True)
class Timeline:
    """What happened to a request. `deadline` is the one in force (extended, if it was)."""

    sent: date
    deadline: date
    received: date | None = None   # the controller acknowledged receipt
    extended: date | None = None   # the controller notified an extension (Art. 12(3))
    reminded: Sequence[date] = ()  # reminders sent
    answered: date | None = None   # the (last) answer arrived


@dataclass(frozen=True)
class Representative:
    """A union lodging a complaint for a member under Art. 80(1), mandated on `mandate_date`."""

    name: str
    mandate_date: date
    address: str = ""
    email: str = ""


# A block of a letter: ("p", paragraph), ("h", heading) or ("ul", list items).
Block = tuple[str, str | tuple[str, ...]]


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str  # plain text: blocks separated by blank lines, list items starting with "- "
    language: str
    date: date
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Annex:
    """A page of a complaint bundle: a title, some text, and a table."""

    title: str
    language: str
    blocks: tuple[Block, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()

    @property
    def text(self) -> str:
        """Plain text: the title, the blocks, then the table, one row a line."""
        table = tuple(" | ".join(row) for row in ((self.header,) if self.header else ())
                      + self.rows)
        return _render((("h", self.title),) + self.blocks + ((("p", "\n".join(table)),)
                                                              if table else ()))


def annex_heading(number: int, annex: Annex) -> str:
    return _t("annex.heading", annex.language, n=number, title=annex.title)


def _render(blocks: Iterable[Block]) -> str:
    parts = []
    for kind, content in blocks:
        if kind == "ul":
            parts.append("\n".join(f"- {line}" for line in content))
        else:
            parts.append(str(content))
    return "\n\n".join(parts)


def _letter(subject: str, blocks: list[Block], language: str, day: date) -> Letter:
    return Letter(subject=subject, body=_render(blocks), language=language, date=day,
                  blocks=tuple(blocks))


# ------------------------------------------------------------------ shared pieces

def _s(value: object) -> str:
    """Text for a letter: never "None"."""
    return "" if value is None else str(value).strip()


def _one_line(address: str) -> str:
    return ", ".join(line.strip() for line in _s(address).splitlines() if line.strip())


def _kinds(kinds: Iterable[Kind | str]) -> list[Kind]:
    ordered = sorted({Kind(kind) for kind in kinds}, key=lambda kind: ARTICLES[kind])
    if not ordered:
        raise ValueError("a request asks for at least one kind (access, erasure, …)")
    return ordered


def _required(value: object, what: str) -> str:
    text = _s(value)
    if not text:
        raise ValueError(f"a letter needs the {what}")
    return text


def _under(kinds: Sequence[Kind], language: str) -> str:
    numbers = [str(ARTICLES[kind]) for kind in kinds]
    key = "under.one" if len(numbers) == 1 else "under.many"
    return _t(key, language, n=_join(numbers, language))


def _ref(reference: str, language: str) -> str:
    """" (reference X)", or nothing without a reference."""
    return f" ({_t('reference', language, reference=reference)})" if reference else ""


def _subject(text: str, reference: str, language: str) -> str:
    return f"{text} – {_t('reference', language, reference=reference)}" if reference else text


def _heading(kind: Kind, language: str) -> str:
    cite = _t("cite", language, n=ARTICLES[kind])
    return f"{_t(f'kind.{kind}.title', language)} ({cite})"


def _rights(kinds: Iterable[Kind], language: str) -> str:
    """Right of access (Art. 15 GDPR); Right to erasure (Art. 17 GDPR)."""
    separator = "\u00a0; " if language == "fr" else "; "
    return separator.join(_heading(kind, language) for kind in kinds)


def _pair(name: str, value: str, language: str) -> str:
    """"Name: value" ("Nom : valeur" in French)."""
    if not name:
        return value
    return f"{name}\u00a0: {value}" if language == "fr" else f"{name}: {value}"


def _identifiers(requester: Requester, language: str) -> tuple[str, ...]:
    """The elements the controller requires, as "label: value" lines (empty values left out)."""
    return tuple(_pair(_s(name), _s(value), language)
                 for name, value in requester.identification or () if _s(value))


def _identification(requester: Requester, language: str) -> tuple[str, ...]:
    lines = [_pair(_t("label.name", language), _s(requester.name), language)]
    if _s(requester.email):
        lines.append(_pair(_t("label.email", language), _s(requester.email), language))
    return (*lines, *_identifiers(requester, language))


def _contact(party: Requester | Recipient, language: str) -> tuple[str, ...]:
    lines = [_pair(_t("label.name", language), _s(party.name), language)]
    if _one_line(party.address):
        lines.append(_pair(_t("label.address", language), _one_line(party.address), language))
    if _s(party.email):
        lines.append(_pair(_t("label.email", language), _s(party.email), language))
    return tuple(lines)


def _reply(requester: Requester, language: str) -> str:
    email, address = _s(requester.email), _one_line(requester.address)
    if email and address:
        return _t("reply.both", language, email=email, address=address)
    if email:
        return _t("reply.email", language, email=email)
    if address:
        return _t("reply.address", language, address=address)
    return _t("reply.none", language)


def _identity_blocks(request: Request, language: str) -> list[Block]:
    return [("p", _t("identity", language)),
            ("ul", _identification(request.requester, language)),
            ("p", _t("identity.doubt", language))]


def _ending(request: Request, language: str, reference: str) -> list[Block]:
    blocks: list[Block] = [("p", _reply(request.requester, language))]
    if reference:
        blocks.append(("p", _t("reference.line", language, reference=reference)))
    blocks.append(("p", f"{_t('closing', language)}\n{_s(request.requester.name)}"))
    return blocks


def _details(request: Request) -> dict[Kind, str]:
    return {Kind(kind): _s(text) for kind, text in (request.details or {}).items()
            if _s(text)}


class _Context:
    """What every letter about one request says the same way."""

    def __init__(self, request: Request, language: str | None) -> None:
        self.request = request
        self.language = language_of(language or request.requester.language)
        self.kinds = _kinds(request.kinds)
        self.controller = _required(request.recipient.name, "controller's name")
        _required(request.requester.name, "requester's name")
        self.reference = _s(request.reference)
        self.under = _under(self.kinds, self.language)
        self.ref = _ref(self.reference, self.language)

    def t(self, key: str, **values: object) -> str:
        return _t(key, self.language, **values)

    def day(self, value: date) -> str:
        return format_date(value, self.language)

    def pair(self, name: str, value: str) -> str:
        return _pair(name, value, self.language)

    def rights(self) -> str:
        return _rights(self.kinds, self.language)


# ------------------------------------------------------------------ the letters

def request_letter(request: Request, *, language: str | None = None) -> Letter:
    """The request itself: every kind asked for, in the requester's language."""
    c = _Context(request, language)
    details = _details(request)
    blocks: list[Block] = [("p", c.t("salutation")),
                           ("p", c.t("request.intro", controller=c.controller))]
    numbered = len(c.kinds) > 1
    for number, kind in enumerate(c.kinds, 1):
        heading = _heading(kind, c.language)
        blocks.append(("h", f"{number}. {heading}" if numbered else heading))
        if kind is Kind.ACCESS:
            blocks.append(("p", c.t("kind.access.text")))
            blocks.append(("ul", tuple(c.t(f"a15.{point}") for point in "abcdefgh")))
            blocks.append(("p", c.t("kind.access.copy")))
        else:
            blocks.append(("p", c.t(f"kind.{kind}.text")))
        if kind in details:
            blocks.append(("p", f"{c.t(f'kind.{kind}.details')} {details[kind]}"))
    items = tuple(filter(None, (label(entry, c.language) for entry in request.items or ())))
    if items:
        blocks += [("p", c.t("items.intro")), ("ul", items)]
    if _NOTIFIED_TO_RECIPIENTS.intersection(c.kinds):
        blocks.append(("p", c.t("art19")))
    blocks += [("p", c.t("deadline")), ("p", c.t("free"))]
    blocks += _identity_blocks(request, c.language)
    blocks += _ending(request, c.language, c.reference)
    subject = _subject(c.t("subject.request", under=c.under), c.reference, c.language)
    return _letter(subject, blocks, c.language, request.date)


def _deadline_sentence(c: _Context, deadline: date, today: date) -> str:
    key = "deadline.past" if deadline < today else "deadline.future"
    return c.t(key, deadline=c.day(deadline))


def reminder_letter(request: Request, *, timeline: Timeline, date: date,
                    reply_by: date | None = None, language: str | None = None) -> Letter:
    """The deadline passed with no answer (or no complete one): comply by `reply_by`
    (14 days from `date` unless given), or the member complains to the authority."""
    c = _Context(request, language)
    reply_by = reply_by or date + timedelta(days=REPLY_DAYS)
    facts = [c.t("reminder.sent", sent=c.day(timeline.sent), controller=c.controller,
                 under=c.under, ref=c.ref)]
    if timeline.received:
        facts.append(c.t("reminder.received", received=c.day(timeline.received)))
    if timeline.extended:
        facts.append(c.t("reminder.extended", extended=c.day(timeline.extended)))
    facts.append(_deadline_sentence(c, timeline.deadline, date))
    facts.append(c.t("reminder.incomplete", answered=c.day(timeline.answered))
                 if timeline.answered else c.t("reminder.no_answer"))
    blocks: list[Block] = [
        ("p", c.t("salutation")),
        ("p", " ".join(facts)),
        ("p", f"{c.t('reminder.ask', reply_by=c.day(reply_by))} "
              f"{c.t('warn', reply_by=c.day(reply_by))}"),
        ("p", c.t("reminder.concerned")),
        ("ul", tuple(_heading(kind, c.language) for kind in c.kinds)),
    ]
    blocks += _identity_blocks(request, c.language)
    blocks += _ending(request, c.language, c.reference)
    subject = _subject(c.t("subject.reminder", sent=c.day(timeline.sent)), c.reference,
                       c.language)
    return _letter(subject, blocks, c.language, date)


def followup_letter(request: Request, *, timeline: Timeline, date: date,
                    missing: Sequence[Item | str], reply_by: date | None = None,
                    language: str | None = None) -> Letter:
    """The answer lacked these items: list them and ask for them by `reply_by`."""
    c = _Context(request, language)
    lines = tuple(filter(None, (label(entry, c.language) for entry in missing)))
    if not lines:
        raise ValueError("a follow-up letter names at least one missing item")
    reply_by = reply_by or date + timedelta(days=REPLY_DAYS)
    sent = c.day(timeline.sent)
    thanks = (c.t("followup.thanks_on", answered=c.day(timeline.answered), sent=sent,
                  under=c.under, ref=c.ref)
              if timeline.answered else
              c.t("followup.thanks", sent=sent, under=c.under, ref=c.ref))
    blocks: list[Block] = [
        ("p", c.t("salutation")),
        ("p", thanks),
        ("p", c.t("followup.missing")),
        ("ul", lines),
        ("p", " ".join((c.t("followup.ask", reply_by=c.day(reply_by)),
                        _deadline_sentence(c, timeline.deadline, date),
                        c.t("warn", reply_by=c.day(reply_by))))),
    ]
    blocks += _identity_blocks(request, c.language)
    blocks += _ending(request, c.language, c.reference)
    subject = _subject(c.t("subject.followup", sent=sent), c.reference, c.language)
    return _letter(subject, blocks, c.language, date)


def _timeline_lines(c: _Context, timeline: Timeline) -> tuple[str, ...]:
    def when(day: date | None, otherwise: str) -> str:
        return c.day(day) if day else c.t(otherwise)

    lines = [c.pair(c.t("ev.sent"), c.day(timeline.sent)),
             c.pair(c.t("ev.received"), when(timeline.received, "ev.no_receipt"))]
    if timeline.extended:
        lines.append(c.pair(c.t("ev.extended"), c.day(timeline.extended)))
    if timeline.reminded:
        reminders = ", ".join(c.day(day) for day in sorted(timeline.reminded))
        lines.append(c.pair(c.t("ev.reminded"), reminders))
    lines.append(c.pair(c.t("ev.deadline"), c.day(timeline.deadline)))
    lines.append(c.pair(c.t("ev.answered"), when(timeline.answered, "ev.no_answer")))
    return tuple(lines)


def complaint_letter(request: Request, *, timeline: Timeline, date: date,
                     missing: Sequence[Item | str] = (),
                     representative: Representative | None = None,
                     language: str | None = None) -> Letter:
    """A complaint to a supervisory authority (Art. 77) about a request: who, against whom,
    the dates, what is missing and what the authority is asked to do. With a representative,
    the union lodges it on the member's behalf (Art. 80(1))."""
    c = _Context(request, language)
    union = _s(representative.name) if representative else ""
    if representative:
        intro = c.t("complaint.intro_union", union=union, controller=c.controller,
                    under=c.under, ref=c.ref, mandate=c.day(representative.mandate_date))
    else:
        intro = c.t("complaint.intro", controller=c.controller, under=c.under, ref=c.ref)
    reference = (c.pair(c.t("label.reference"), c.reference),) if c.reference else ()
    blocks: list[Block] = [
        ("p", c.t("salutation")),
        ("p", intro),
        ("h", c.t("complaint.data_subject")),
        ("ul", _contact(request.requester, c.language)
         + _identifiers(request.requester, c.language)),
        ("h", c.t("complaint.controller")),
        ("ul", _contact(request.recipient, c.language)),
        ("h", c.t("complaint.request")),
        ("ul", (*reference, c.pair(c.t("complaint.rights"), c.rights()),
                *_timeline_lines(c, timeline))),
    ]
    deadline, answered = c.day(timeline.deadline), timeline.answered
    if answered is None:
        key = "complaint.no_answer" if timeline.deadline < date else "complaint.no_answer_yet"
        blocks.append(("p", c.t(key, deadline=deadline)))
    else:
        key = "complaint.late" if answered > timeline.deadline else "complaint.answered"
        blocks.append(("p", c.t(key, answered=c.day(answered), deadline=deadline)))
    lines = tuple(filter(None, (label(entry, c.language) for entry in missing)))
    if lines:
        blocks += [("p", c.t("complaint.incomplete")), ("ul", lines)]
    asks = (c.t("complaint.asks_union", union=union) if representative
            else c.t("complaint.asks"))
    blocks += [("p", asks), ("ul", tuple(c.t(f"asks.{n}") for n in range(1, 5)))]
    enclosures = [c.t("enc.request", sent=c.day(timeline.sent))]
    if timeline.reminded:
        enclosures.append(c.t("enc.reminders"))
    if answered:
        enclosures.append(c.t("enc.answers"))
    enclosures.append(c.t("annex.timeline"))
    if lines:
        enclosures.append(c.t("annex.missing"))
    if representative:
        enclosures.append(c.t("enc.mandate", mandate=c.day(representative.mandate_date)))
    blocks += [("p", c.t("complaint.enclosures")), ("ul", tuple(enclosures))]
    signature = (f"{union}\n{c.t('on_behalf', name=_s(request.requester.name))}"
                 if representative else _s(request.requester.name))
    blocks.append(("p", f"{c.t('closing')}\n{signature}"))
    subject = _subject(c.t("subject.complaint", controller=c.controller), c.reference,
                       c.language)
    return _letter(subject, blocks, c.language, date)


# ------------------------------------------------------------------ annexes

def timeline_annex(request: Request, timeline: Timeline, *,
                   language: str | None = None) -> Annex:
    """The request's dates as a table, for a complaint bundle."""
    c = _Context(request, language)
    events: list[tuple[date, int, str]] = [(timeline.sent, 0, c.t("ev.sent"))]
    if timeline.received:
        events.append((timeline.received, 1, c.t("ev.received")))
    if timeline.extended:
        events.append((timeline.extended, 2, c.t("ev.extended")))
    events += [(day, 3, c.t("ev.reminded")) for day in timeline.reminded]
    events.append((timeline.deadline, 4, c.t("ev.deadline")))
    if timeline.answered:
        events.append((timeline.answered, 5, c.t("ev.answered")))
    events.sort()
    facts = (*((c.pair(c.t("label.reference"), c.reference),) if c.reference else ()),
             c.pair(c.t("complaint.data_subject"), _s(request.requester.name)),
             c.pair(c.t("complaint.controller"), c.controller),
             c.pair(c.t("complaint.rights"), c.rights()))
    return Annex(title=c.t("annex.timeline"), language=c.language, blocks=(("ul", facts),),
                 header=(c.t("col.date"), c.t("col.event")),
                 rows=tuple((c.day(day), text) for day, _, text in events))


def missing_annex(missing: Sequence[Item | str], *, language: str) -> Annex:
    """The items the answer lacked, numbered."""
    language = language_of(language)
    lines = [text for text in (label(entry, language) for entry in missing) if text]
    return Annex(title=_t("annex.missing", language), language=language,
                 header=(_t("col.no", language), _t("col.item", language)),
                 rows=tuple((str(n), text) for n, text in enumerate(lines, 1)))


@dataclass(frozen=True)
class DossierRow:
    """One member's request in a collective complaint."""

    reference: str
    kinds: Collection[Kind | str]
    timeline: Timeline
    member: str = ""  # a name, a pseudonym or nothing
    missing: Sequence[Item | str] = ()


def dossier_summary(*, controller: str, rows: Sequence[DossierRow], date: date,
                    language: str, union: str = "") -> Annex:
    """A collective complaint's summary: one controller, many members' requests. Counts,
    the items most often missing, and one table row per request."""
    language = language_of(language)
    controller = _required(controller, "controller's name")

    def t(key: str, **values: object) -> str:
        return _t(key, language, **values)

    def day(value: date | None) -> str:
        return format_short_date(value, language) if value else "—"

    counts: Counter[str] = Counter()
    missing_counts: Counter[str] = Counter()
    kinds: set[Kind] = set()
    table: list[tuple[str, ...]] = []
    for number, row in enumerate(rows, 1):
        timeline, row_kinds = row.timeline, _kinds(row.kinds)
        kinds.update(row_kinds)
        labels = {text for text in (label(entry, language) for entry in row.missing) if text}
        missing_counts.update(labels)
        if timeline.answered is None:
            status = "no_answer" if timeline.deadline < date else "pending"
        else:
            status = "incomplete" if labels else "complete"
        counts[status] += 1
        late = timeline.answered is not None and timeline.answered > timeline.deadline
        counts["late"] += late
        counts["extended"] += timeline.extended is not None
        shown = t(f"status.{status}")
        table.append((format_number(number, language), _s(row.member) or "—",
                      _s(row.reference) or "—",
                      ", ".join(str(ARTICLES[kind]) for kind in row_kinds),
                      day(timeline.sent), day(timeline.deadline), day(timeline.answered),
                      t("status.late", status=shown) if late else shown,
                      format_number(len(labels), language) if labels else "—"))
    sent = [row.timeline.sent for row in rows]
    union = _s(union)
    today = format_date(date, language)
    intro = (t("dossier.intro_union", controller=controller, union=union, date=today)
             if union else t("dossier.intro", controller=controller, date=today))
    facts = [_pair(t("dossier.requests"), format_number(len(rows), language), language)]
    if kinds:
        facts.append(_pair(t("complaint.rights"), _rights(_kinds(kinds), language), language))
    if sent:
        facts += [_pair(t("dossier.first"), format_date(min(sent), language), language),
                  _pair(t("dossier.last"), format_date(max(sent), language), language)]
    for key in ("no_answer", "incomplete", "complete", "late", "extended", "pending"):
        facts.append(_pair(t(f"dossier.{key}"), format_number(counts[key], language), language))
    blocks: list[Block] = [("p", intro), ("ul", tuple(facts))]
    if missing_counts:
        blocks += [("h", t("dossier.most_missing")),
                   ("ul", tuple(f"{text} ({format_number(count, language)})"
                                for text, count in missing_counts.most_common(10)))]
    header = tuple(t(key) for key in (
        "col.no", "col.member", "label.reference", "col.articles", "col.sent", "col.deadline",
        "col.answered", "col.status", "col.missing"))
    return Annex(title=t("dossier.title", controller=controller), language=language,
                 blocks=tuple(blocks), header=header, rows=tuple(table))
