import {OlistIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'

export const principleListEmbed = defineType({
  name: 'principleListEmbed',
  title: 'Principle list',
  type: 'object',
  icon: OlistIcon,
  fields: [
    defineField({
      name: 'principleList',
      type: 'reference',
      to: [{type: 'principleList'}],
      validation: (rule) => rule.required(),
    }),
  ],
  preview: {
    select: {title: 'principleList.title', org: 'principleList.organization'},
    prepare: ({title, org}) => ({title: title ?? 'Principle list', subtitle: org}),
  },
})
