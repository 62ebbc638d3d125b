"""The demo spotlights in French, as a Quebec editor would write them."""

from __future__ import annotations

# Partner slug -> (title, summary, body), the French versions of demo.SPOTLIGHTS.
SPOTLIGHTS_FR: dict[str, tuple[str, str, str]] = {
    "ijm-canada": (
        "Vendredi à l’honneur : International Justice Mission Canada",
        (
            "Où va l’argent? Pour chaque page canadienne, à IJM Canada — et voici ce qu’IJM en fait, à quatre "
            "niveaux à la fois."
        ),
        """\
Les nouvelles difficiles sur l’esclavage sont si nombreuses qu’il est facile de s’arrêter au problème. En
décembre, nous voulons consacrer chaque vendredi aux personnes qui travaillent à la solution. Chaque
semaine, nous mettrons un organisme partenaire à l’honneur : certains sont d’ici, d’autres œuvrent partout
dans le monde, et tous partagent un même but — un monde sans esclavage de notre vivant.

La question qu’on nous pose le plus souvent est simple : **où va l’argent?** Si votre page est canadienne,
ou si vous donnez à une page canadienne, chaque dollar est octroyé à International Justice Mission Canada.
Les pages d’ailleurs soutiennent des partenaires établis aux États-Unis dont l’action s’étend au monde
entier; vous ferez la connaissance de l’un d’eux vendredi prochain. Aucuns frais ne sont jamais prélevés sur
un don, et les chiffres en temps réel affichés à côté de ce billet proviennent directement des livres
comptables de la campagne.

## Qui sont-ils?

International Justice Mission a vu le jour en 1997, lorsqu’un avocat qui avait enquêté sur des abus
policiers pour le département de la Justice des États-Unis a constaté que les personnes les plus pauvres du
monde ne manquaient pas de lois pour les protéger — elles manquaient de quelqu’un pour faire appliquer ces
lois. Aujourd’hui, les équipes d’IJM travaillent avec les autorités locales de pays d’Asie, d’Afrique et
d’Amérique latine, et IJM Canada mobilise des appuis et mène des activités de plaidoyer d’ici même, au pays.

## Quatre niveaux d’action

**Libérer les victimes.** Les enquêteurs d’IJM aident la police à retrouver les personnes soumises au
travail forcé, à la traite à des fins d’exploitation sexuelle et à d’autres formes de violence, et à les
mettre en lieu sûr.

**Traduire les criminels en justice.** Les avocats d’IJM accompagnent les survivants devant les tribunaux
locaux afin que les trafiquants et les agresseurs soient condamnés et ne puissent plus faire d’autres
victimes.

**Accompagner les survivants vers la guérison.** La liberté est un point de départ, pas une fin. Les
survivants reçoivent des soins d’urgence, un soutien psychologique pour surmonter leurs traumatismes, une
aide juridique ainsi que les études ou la formation professionnelle de leur choix, selon un plan conçu pour
chaque personne, jusqu’à ce qu’ils puissent vivre en sécurité et risquent beaucoup moins d’être exploités de
nouveau.

**Renforcer les systèmes de justice.** Le travail le plus durable consiste à prévenir la violence avant
qu’elle ne survienne. Les équipes d’IJM repèrent les failles dans la façon dont la police, les procureurs,
les tribunaux et les services sociaux protègent les personnes en situation de pauvreté, et travaillent aux
côtés de ces institutions pour les combler.

La justice pour les personnes en situation de pauvreté est possible quand le système censé les protéger
fonctionne vraiment.

Quand vous donnez à une page canadienne ce mois-ci, vous ne faites pas qu’aider une personne à retrouver sa
liberté; vous vous joignez à des centaines de personnes engagées qui font en sorte que cette liberté dure.
Merci de porter cette cause, de la faire connaître et d’y contribuer.
""",
    ),
    "ijm": (
        "Vendredi à l’honneur : International Justice Mission",
        (
            "Notre deuxième vendredi nous emmène plus loin : les équipes de terrain d’IJM, des villages de "
            "pêcheurs du Ghana aux briqueteries d’Asie du Sud, et pourquoi réformer les tribunaux compte autant "
            "que libérer des victimes."
        ),
        """\
Vendredi dernier, nous avons fait la connaissance d’IJM Canada. Cette semaine, nous suivons l’argent des
pages de l’extérieur du Canada jusqu’à **International Justice Mission**, dont les bureaux sur le terrain
travaillent aux côtés des gouvernements dans des collectivités d’Asie, d’Afrique et d’Amérique latine.

## Une justice qui fonctionne durablement

Une opération de sauvetage peut libérer une famille d’une briqueterie. Une condamnation peut empêcher le
propriétaire de la briqueterie d’asservir la famille suivante. Mais lorsque la police locale est formée pour
enquêter, que les procureurs savent monter un dossier de traite de personnes et que les tribunaux entendent
ces causes rapidement, c’est toute une région qui devient un terrain difficile pour les trafiquants. C’est
ainsi qu’IJM mesure son succès : non seulement au nombre de personnes libérées, mais aussi à la baisse de la
violence là où elle est présente.

## À quoi sert un don

- payer les enquêteurs et les travailleurs sociaux qui vont à la rencontre des survivants là où ils se
  trouvent;
- financer les avocats qui accompagnent un survivant tout au long d’un procès qui peut durer des années;
- assurer le suivi après la libération — logement, soutien psychologique, frais de scolarité et formation
  professionnelle;
- former les policiers et le personnel des tribunaux pour que la prochaine affaire n’ait plus du tout besoin
  d’IJM.

Les chiffres à côté de ce billet indiquent ce que la campagne détient pour IJM en ce moment et, une fois les
subventions accordées, ce qui a été octroyé et versé. Chaque chiffre renvoie aux livres comptables publics.
""",
    ),
    "freedom-road": (
        "Vendredi à l’honneur : Freedom Road Aftercare",
        (
            "La liberté n’est qu’un début. Les maisons d’accueil de Freedom Road accompagnent les survivants "
            "aussi longtemps qu’il le faut."
        ),
        """\
Ce vendredi, nous nous penchons sur la partie du travail qui fait rarement la manchette : les mois et les
années qui suivent une libération. **Freedom Road Aftercare** gère de petites maisons d’accueil où des
survivants de la traite de personnes vivent en sécurité le temps de se rétablir.

## Des soins adaptés à chaque personne

Il n’y a pas deux survivants qui ont les mêmes besoins. Certains veulent terminer leurs études; d’autres ont
besoin d’un avocat avant toute chose; beaucoup ont besoin d’une intervenante ou d’un intervenant qui sera
encore là dans un an. L’équipe de Freedom Road élabore un plan avec chaque résident : thérapie axée sur les
traumatismes, études, formation professionnelle et, le moment venu, un logement bien à soi.

## Pourquoi c’est important

Les personnes qui sortent de l’esclavage sans rien risquent d’être exploitées de nouveau. Celles qui en
sortent avec des compétences, des économies et un réseau de soutien ne le sont presque jamais. Voilà ce que
financent les dons de cette campagne à Freedom Road.
""",
    ),
    "safe-passage": (
        "Vendredi à l’honneur : Safe Passage Legal Defense",
        (
            "Les trafiquants comptent ne jamais mettre les pieds dans une salle d’audience. Safe Passage forme "
            "les avocats qui leur prouvent le contraire."
        ),
        """\
La traite de personnes est l’un des crimes les plus lucratifs au monde parce qu’elle est l’un des moins
poursuivis. **Safe Passage Legal Defense** forme et finance des procureurs et des avocats locaux pour que
cela change.

## Dans la salle d’audience

Les avocats de Safe Passage préparent les survivants à témoigner, les protègent de l’intimidation et suivent
chaque cause jusqu’au bout, appel après appel. Ils forment aussi les policiers à recueillir des preuves qui
tiendront devant le tribunal, pour que les dossiers ne s’effondrent pas avant même d’avoir commencé.

## Au-delà d’une seule cause

Chaque condamnation envoie un message à tous les trafiquants de la région. Chaque procureur formé traitera
des dizaines d’autres causes bien après le départ de Safe Passage. C’est ainsi qu’un seul don continue de
porter ses fruits pendant des années.
""",
    ),
    "open-door": (
        "Vendredi à l’honneur : Open Door Prevention Network",
        (
            "Le meilleur sauvetage est celui qui n’a jamais besoin d’avoir lieu. Open Door agit en amont, dans "
            "les écoles et les villages."
        ),
        """\
Pour notre dernier vendredi à l’honneur, nous remontons à la source. **Open Door Prevention Network**
travaille avec les écoles, les parents et les chefs de village pour empêcher la traite avant même qu’elle ne
commence.

## Reconnaître les signes

Fausses offres d’emploi, « bourse d’études » dans une ville lointaine, recruteur qui confisque votre
passeport : Open Door apprend aux jeunes et aux familles à reconnaître les pièges, et leur donne quelqu’un à
appeler avant de dire oui.

## Rester à l’école

Les enfants qui restent à l’école risquent beaucoup moins d’être victimes de la traite. Les bourses et les
mentors d’Open Door les aident à y rester, et ses groupes communautaires veillent à ce que, si quelqu’un
disparaît, tout le monde s’en aperçoive.
""",
    ),
}

# Tag name (as in demo.SPOTLIGHTS) -> its French name; the spotlight tag has its own in actions.
TAG_NAMES_FR: dict[str, str] = {
    "IJM": "IJM",
    "Canada": "Canada",
    "Global": "International",
    "Aftercare": "Accompagnement",
    "Justice systems": "Systèmes de justice",
    "Prevention": "Prévention",
}
